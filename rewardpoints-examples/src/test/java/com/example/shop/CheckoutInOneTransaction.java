package com.example.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.spi.SettingsProvider;

/** The shop marks an order completed and credits its points in one transaction of its own: both or neither. */
public class CheckoutInOneTransaction {
    private final DataSource dataSource;
    private final JdbcLedgerStore store;
    private final SettingsProvider settings;

    public CheckoutInOneTransaction(DataSource dataSource, JdbcLedgerStore store, SettingsProvider settings) {
        this.dataSource = dataSource;
        this.store = store;
        this.settings = settings;
    }

    public void complete(String tenant, String customerId, String orderId, String total) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE shop_orders SET status = 'COMPLETED' WHERE id = ?")) {
                    update.setString(1, orderId);
                    update.executeUpdate();
                }
                // a view of the store on this connection: it never commits; its events commit with the transaction
                RewardPoints points = RewardPoints.builder()
                        .store(store.joining(connection))
                        .settings(settings)
                        .build();
                points.orderCompleted(OrderCompletion.of(tenant, "main", customerId, orderId, total, "EUR"));
                connection.commit();
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}

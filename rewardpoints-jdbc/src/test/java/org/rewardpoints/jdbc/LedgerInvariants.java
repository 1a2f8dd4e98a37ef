package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The ledger's invariants checked in SQL over every account of a tenant (default table prefix):
 * open points equal the lots' remaining points, each lot's used points equal its allocations by
 * debits that were not released, and credits minus debits equal open points minus debt.
 */
final class LedgerInvariants {
    private LedgerInvariants() {
    }

    static void assertHold(DataSource dataSource, String tenant) {
        List<String> violations = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            collect(connection, tenant, violations, "open_points <> SUM(lot remaining)",
                    "SELECT a.customer_id FROM rp_accounts a WHERE a.tenant = ? AND a.open_points <>"
                            + " (SELECT COALESCE(SUM(l.remaining), 0) FROM rp_lots l"
                            + " WHERE l.tenant = a.tenant AND l.customer_id = a.customer_id)");
            collect(connection, tenant, violations, "lot points - remaining <> SUM(allocations of non-released debits)",
                    "SELECT l.id FROM rp_lots l WHERE l.tenant = ? AND l.points - l.remaining <>"
                            + " (SELECT COALESCE(SUM(x.points), 0) FROM rp_allocations x JOIN rp_debits d"
                            + " ON d.tenant = x.tenant AND d.customer_id = x.customer_id AND d.id = x.debit_id"
                            + " WHERE x.tenant = l.tenant AND x.customer_id = l.customer_id AND x.lot_id = l.id"
                            + " AND d.status <> 'RELEASED')");
            collect(connection, tenant, violations, "SUM(lot points) - SUM(debit points) <> open_points - debt",
                    "SELECT a.customer_id FROM rp_accounts a WHERE a.tenant = ? AND"
                            + " (SELECT COALESCE(SUM(l.points), 0) FROM rp_lots l"
                            + " WHERE l.tenant = a.tenant AND l.customer_id = a.customer_id)"
                            + " - (SELECT COALESCE(SUM(d.points), 0) FROM rp_debits d WHERE d.tenant = a.tenant"
                            + " AND d.customer_id = a.customer_id AND d.status <> 'RELEASED')"
                            + " <> a.open_points - a.debt");
            collect(connection, tenant, violations, "negative remaining or open points",
                    "SELECT id FROM rp_lots WHERE tenant = ? AND remaining < 0"
                            + " UNION ALL SELECT customer_id FROM rp_accounts WHERE tenant = ? AND open_points < 0");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(violations).as("ledger invariants of tenant " + tenant).isEmpty();
    }

    private static void collect(Connection connection, String tenant, List<String> violations, String rule, String sql)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setString(i, tenant);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    violations.add(rule + ": " + rows.getString(1));
                }
            }
        }
    }
}

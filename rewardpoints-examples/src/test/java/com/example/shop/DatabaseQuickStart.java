package com.example.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import org.rewardpoints.CreditResult;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.jdbc.JdbcCouponIssuer;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.JdbcRedemptionOptionStore;
import org.rewardpoints.jdbc.JdbcSettingsStore;
import org.rewardpoints.jdbc.SchemaMode;

/** Run without arguments for H2 in memory, or give {@code <jdbc-url> <user> <password>}, e.g. of PostgreSQL. */
public class DatabaseQuickStart {
    public static void main(String[] args) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args.length > 0 ? args[0] : "jdbc:h2:mem:rewardpoints;DB_CLOSE_DELAY=-1");
        pool.setUsername(args.length > 1 ? args[1] : "sa");
        pool.setPassword(args.length > 2 ? args[2] : "");
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            RewardPoints points = RewardPoints.builder() // CREATE: the tables are made from the shipped DDL if missing
                    .store(JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                    .settings(JdbcSettingsStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                    .couponIssuer(JdbcCouponIssuer.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                    .redemptionOptions(JdbcRedemptionOptionStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                    .build();

            // a site must be configured before its orders earn points; the settings are stored in rp_site_settings
            points.updateSettings("acme", "main", SettingsPatch.of(SiteSettings.of(new BigDecimal("1"), 24, "ACME", "EUR")));

            CreditResult credit = points.orderCompleted(
                    OrderCompletion.of("acme", "main", "customer-7", "order-1", "120.50", "EUR"));
            System.out.println(credit.status() + ", balance " + points.balance("acme", "customer-7"));
            // first run: CREDITED, balance 120; on the same database again: ALREADY_CREDITED, balance 120
        }
    }
}

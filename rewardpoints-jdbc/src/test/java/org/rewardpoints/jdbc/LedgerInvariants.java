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
            // set-based (grouped joins), so that the check stays cheap on long histories
            collect(connection, tenant, violations, "open_points <> SUM(lot remaining), or"
                            + " SUM(lot points) - SUM(points of non-released debits) <> open_points - debt",
                    "SELECT a.customer_id FROM rp_accounts a"
                            + " LEFT JOIN (SELECT customer_id, SUM(remaining) AS remaining, SUM(points) AS points"
                            + " FROM rp_lots WHERE tenant = ? GROUP BY customer_id) l ON l.customer_id = a.customer_id"
                            + " LEFT JOIN (SELECT customer_id, SUM(points) AS points FROM rp_debits"
                            + " WHERE tenant = ? AND status <> 'RELEASED' GROUP BY customer_id) d"
                            + " ON d.customer_id = a.customer_id"
                            + " WHERE a.tenant = ? AND (a.open_points <> COALESCE(l.remaining, 0)"
                            + " OR COALESCE(l.points, 0) - COALESCE(d.points, 0) <> a.open_points - a.debt)");
            collect(connection, tenant, violations, "lot points - remaining <> SUM(allocations of non-released debits)",
                    "SELECT l.id FROM rp_lots l LEFT JOIN (SELECT x.customer_id, x.lot_id, SUM(x.points) AS used"
                            + " FROM rp_allocations x JOIN rp_debits d ON d.tenant = x.tenant"
                            + " AND d.customer_id = x.customer_id AND d.id = x.debit_id"
                            + " WHERE x.tenant = ? AND d.status <> 'RELEASED' GROUP BY x.customer_id, x.lot_id) u"
                            + " ON u.customer_id = l.customer_id AND u.lot_id = l.id"
                            + " WHERE l.tenant = ? AND l.points - l.remaining <> COALESCE(u.used, 0)");
            collect(connection, tenant, violations, "negative remaining, open points or debt",
                    "SELECT id FROM rp_lots WHERE tenant = ? AND remaining < 0 UNION ALL SELECT customer_id"
                            + " FROM rp_accounts WHERE tenant = ? AND (open_points < 0 OR debt < 0)");
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

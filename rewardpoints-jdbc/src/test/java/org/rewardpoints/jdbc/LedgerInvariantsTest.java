package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;

/** The SQL invariant check used by the database tests notices each kind of corruption. */
class LedgerInvariantsTest {
    private static final DataSource DATABASE = TestDatabases.h2("invariants");
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(DATABASE);

    private String ledgerWithHistory() {
        String tenant = "t-" + UUID.randomUUID();
        RewardPoints points = RewardPoints.builder().store(STORE)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
        points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-1", "30", "EUR"));
        points.redeemPoints(RedeemPoints.of(tenant, "c", 10));
        LedgerInvariants.assertHold(DATABASE, tenant);
        return tenant;
    }

    @Test
    void openPointsOutOfStepWithLots_isReported() {
        String tenant = ledgerWithHistory();
        SchemaModeTest.execute(DATABASE, "UPDATE rp_accounts SET open_points = open_points + 1 WHERE tenant = '" + tenant + "'");

        assertThatThrownBy(() -> LedgerInvariants.assertHold(DATABASE, tenant))
                .isInstanceOf(AssertionError.class).hasMessageContaining("open_points");
    }

    @Test
    void lotUsedBeyondItsAllocations_isReported() {
        String tenant = ledgerWithHistory();
        SchemaModeTest.execute(DATABASE, "UPDATE rp_allocations SET points = points - 1 WHERE tenant = '" + tenant + "'");

        assertThatThrownBy(() -> LedgerInvariants.assertHold(DATABASE, tenant))
                .isInstanceOf(AssertionError.class).hasMessageContaining("lot points - remaining");
    }

    @Test
    void debitsOutOfStepWithCredits_areReported() {
        String tenant = ledgerWithHistory();
        SchemaModeTest.execute(DATABASE, "UPDATE rp_debits SET points = points + 1, requested_points = requested_points + 1"
                + " WHERE tenant = '" + tenant + "'");

        assertThatThrownBy(() -> LedgerInvariants.assertHold(DATABASE, tenant))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SUM(points of non-released debits)");
    }
}

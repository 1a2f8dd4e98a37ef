package org.rewardpoints.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.SchemaMode;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemorySettingsStore;

/** Two instances run the periodic work on one database: every event reaches a listener once, expired points are swept. */
class PeriodicWorkTest {

    @Test
    void twoInstances_deliverEveryEventOnceAndSweep() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:periodic-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
        InMemorySettingsStore settings = new InMemorySettingsStore()
                .put("t", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        JdbcLedgerStore store = JdbcLedgerStore.builder(database).schemaMode(SchemaMode.CREATE).build();
        List<LedgerEvent> heard = new CopyOnWriteArrayList<>();
        RewardPoints writer = RewardPoints.builder().store(store).settings(settings).clock(clock).build();
        for (int i = 0; i < 50; i++) {
            writer.addPoints(AddPoints.of("t", "c-" + (i % 10), 1).withValidUntil(clock.instant().plusMillis(1)));
        }
        // one lot expiring within the announcements' window (as of a day later): announced once
        writer.addPoints(AddPoints.of("t", "c-soon", 5).withValidUntil(clock.instant().plus(Duration.ofDays(10))));
        Clock later = Clock.offset(clock, Duration.ofDays(1));
        PeriodicWork.Schedule fast = new PeriodicWork.Schedule(Duration.ofMillis(5), Duration.ofMillis(50),
                Duration.ZERO, Duration.ofMillis(20), Duration.ofDays(7), Duration.ofDays(30));
        // two instances working at once, both stopped before the checks
        PeriodicWork first = PeriodicWork.start(instance(store, settings, later, heard), fast);
        PeriodicWork second = PeriodicWork.start(instance(store, settings, later, heard), fast);
        try (first; second) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((heard.size() < 62 || writer.balance("t", "c-0") > 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        assertThat(heard).extracting(LedgerEvent::id).as("51 credits, 10 expiries and 1 announcement, each heard once")
                .hasSize(62).doesNotHaveDuplicates();
        assertThat(heard).filteredOn(event -> event.type() == LedgerEvent.Type.EXPIRED).hasSize(10);
        assertThat(heard).filteredOn(event -> event.type() == LedgerEvent.Type.EXPIRING_SOON)
                .extracting(LedgerEvent::customerId).containsExactly("c-soon");
        assertThat(writer.health(Duration.ZERO).undeliveredEvents()).isZero();
    }

    private static RewardPoints instance(JdbcLedgerStore store, InMemorySettingsStore settings, Clock clock,
                                         List<LedgerEvent> heard) {
        return RewardPoints.builder().store(store).settings(settings).clock(clock).listener(heard::add)
                .couponIssuer(new InMemoryCouponIssuer()).build();
    }
}

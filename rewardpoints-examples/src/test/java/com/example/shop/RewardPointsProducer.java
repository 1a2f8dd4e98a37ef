package com.example.shop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.jdbc.JdbcCouponIssuer;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.JdbcRedemptionOptionStore;
import org.rewardpoints.jdbc.JdbcSettingsStore;

/**
 * CDI wiring for Quarkus (or any CDI container): the library as an application-scoped bean over the
 * datasource the container provides (Quarkus: Agroal), its periodic work on an executor started and
 * stopped with the application. With quarkus-scheduler, {@code @Scheduled(every = "1s")} methods
 * calling the same operations do as well.
 */
@ApplicationScoped
public class RewardPointsProducer {
    private ScheduledExecutorService scheduler;

    @Inject
    DataSource dataSource;

    @Produces
    @ApplicationScoped
    public RewardPoints rewardPoints() {
        return RewardPoints.builder()
                .store(JdbcLedgerStore.builder(dataSource).build())
                .settings(JdbcSettingsStore.builder(dataSource).build())
                .couponIssuer(JdbcCouponIssuer.builder(dataSource).build())
                .redemptionOptions(JdbcRedemptionOptionStore.builder(dataSource).build())
                .build();
    }

    void start(@Observes Startup startup, RewardPoints points) {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        every(Duration.ofSeconds(1), () -> points.events().deliver());
        every(Duration.ofMinutes(1), () -> points.recoverReservations(Duration.ofMinutes(5)));
        every(Duration.ofHours(1), () -> {
            points.sweepExpired();
            points.recordActivations();
            points.announceExpiringSoon(Duration.ofDays(30));
            points.events().purgeDelivered(Duration.ofDays(7));
        });
    }

    void stop(@Observes Shutdown shutdown) {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS); // lets a running task finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void every(Duration period, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) { // runs again at its next time
                System.getLogger(RewardPointsProducer.class.getName()).log(System.Logger.Level.WARNING,
                        "reward points periodic work failed", e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
}

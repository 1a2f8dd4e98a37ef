package com.example.shop;

import java.time.Duration;
import javax.sql.DataSource;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.jdbc.JdbcCouponIssuer;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.JdbcRedemptionOptionStore;
import org.rewardpoints.jdbc.JdbcSettingsStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Spring (Boot) wiring: the library as a bean over the application's DataSource, and its periodic
 * work on Spring's scheduler. Every task is safe on all instances at once: no leader election needed.
 */
@Configuration
@EnableScheduling
public class RewardPointsConfiguration {

    @Bean
    public RewardPoints rewardPoints(DataSource dataSource) {
        return RewardPoints.builder() // schema applied by your migrations (Flyway, Liquibase): default VALIDATE
                .store(JdbcLedgerStore.builder(dataSource).build())
                .settings(JdbcSettingsStore.builder(dataSource).build())
                .couponIssuer(JdbcCouponIssuer.builder(dataSource).build())
                .redemptionOptions(JdbcRedemptionOptionStore.builder(dataSource).build())
                .build();
    }

    @Bean
    public PeriodicWork rewardPointsPeriodicWork(RewardPoints points) {
        return new PeriodicWork(points);
    }

    public static class PeriodicWork {
        private final RewardPoints points;

        PeriodicWork(RewardPoints points) {
            this.points = points;
        }

        @Scheduled(fixedDelay = 1000)
        public void relayEvents() {
            points.events().deliver();
        }

        @Scheduled(fixedDelay = 60_000)
        public void recoverReservations() {
            points.recoverReservations(Duration.ofMinutes(5));
        }

        @Scheduled(fixedDelay = 3_600_000)
        public void sweepExpiredPoints() {
            points.sweepExpired();
            points.recordActivations();
            points.announceExpiringSoon(Duration.ofDays(30));
            points.events().purgeDelivered(Duration.ofDays(7));
        }
    }
}

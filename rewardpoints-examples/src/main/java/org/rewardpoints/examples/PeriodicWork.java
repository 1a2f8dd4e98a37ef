package org.rewardpoints.examples;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rewardpoints.RewardPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's periodic work on a plain {@link ScheduledExecutorService}: the event relay, the
 * recovery of coupon reservations, the expiry sweep, the activations of pending points, the
 * expiring-soon announcements and the events' retention. Start it on every
 * instance of the application: each task is safe to run on several instances at once (the relay
 * and the sweep skip what another instance holds, recovery resolves each reservation once), so no
 * leader election or distributed lock is needed. A task that fails is logged and runs again at its
 * next time.
 *
 * <pre>{@code
 * PeriodicWork work = PeriodicWork.start(ledger, PeriodicWork.Schedule.DEFAULT);
 * ...
 * work.close(); // on shutdown
 * }</pre>
 */
public final class PeriodicWork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicWork.class);

    /**
     * How often each task runs, and the ages they use.
     *
     * @param relayEvery       the event relay; its delay is how late listeners hear of a change
     * @param recoveryEvery    recovery of coupon reservations
     * @param recoveryAge      reservations younger than this are left alone: longer than the
     *                         coupon replay window plus the issuer's timeout
     * @param sweepEvery       the expiry sweep (balances never wait for it), the announcements and
     *                         the events' retention
     * @param eventRetention   how long delivered events are kept
     * @param announceWindow   how long before their expiry lots are announced ({@code EXPIRING_SOON})
     */
    public record Schedule(Duration relayEvery, Duration recoveryEvery, Duration recoveryAge, Duration sweepEvery,
                           Duration eventRetention, Duration announceWindow) {
        public static final Schedule DEFAULT = new Schedule(Duration.ofSeconds(1), Duration.ofMinutes(1),
                RewardPoints.DEFAULT_COUPON_REPLAY_WINDOW.plusMinutes(4), Duration.ofHours(1), Duration.ofDays(7),
                Duration.ofDays(30));
    }

    private final ScheduledExecutorService executor;

    private PeriodicWork(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts the tasks on a scheduler of their own (one daemon thread). */
    public static PeriodicWork start(RewardPoints ledger, Schedule schedule) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rewardpoints-periodic-work");
            thread.setDaemon(true);
            return thread;
        });
        every(executor, schedule.relayEvery(), "event relay", () -> ledger.events().deliver());
        every(executor, schedule.recoveryEvery(), "reservation recovery",
                () -> ledger.recoverReservations(schedule.recoveryAge()));
        every(executor, schedule.sweepEvery(), "expiry sweep", ledger::sweepExpired);
        every(executor, schedule.sweepEvery(), "activations of pending points", ledger::recordActivations);
        every(executor, schedule.sweepEvery(), "expiring-soon announcements",
                () -> ledger.announceExpiringSoon(schedule.announceWindow()));
        every(executor, schedule.sweepEvery(), "event retention",
                () -> ledger.events().purgeDelivered(schedule.eventRetention()));
        return new PeriodicWork(executor);
    }

    private static void every(ScheduledExecutorService executor, Duration period, String name, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("The {} failed; it runs again in {}", name, period, e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the tasks, letting a running one finish (up to 30 s). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

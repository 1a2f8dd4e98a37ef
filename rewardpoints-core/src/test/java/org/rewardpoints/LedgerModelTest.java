package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.AsString;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.Lists;
import org.quicktheories.generators.SourceDSL;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;
import org.rewardpoints.testing.ScriptedCouponIssuer;
import org.rewardpoints.testing.ScriptedCouponIssuer.Fault;

/**
 * Random sequences of order credits (with duplicates and conflicting replays), manual adds,
 * redemptions, returns, sweeps and clock moves across month ends and leap days, checked after
 * every step against a deliberately simple model: a list of lots with remaining points. Coupon
 * redemptions meet random issuer faults and crashes, and recovery runs resolve what crashes left.
 * Returns meet pending reservations and expired lots (with and without a sweep), order and
 * return ids contain colons, the site's currency changes under replays, and accounts are erased.
 * Orders' points are pending for the site's pending period: activations and their record run
 * among the other steps, and returns meet pending points.
 * After every step the invariants hold, the summary explains the balance, verification finds
 * nothing, and balances and lots as of earlier instants (every instant a step ran at, the
 * microsecond before each, and random ones) agree with the model's own history of its states.
 *
 * <p>The sequences come from a fixed seed, so every run checks the same {@value #EXAMPLES} sequences;
 * {@code -Dmodel.seed=<long>} runs others. A failure names its seed and the shrunk sequence of steps.
 */
class LedgerModelTest {
    /** The seed of every run that names none with {@value #SEED_PROPERTY}. */
    private static final long DEFAULT_SEED = 20240131L;
    private static final String SEED_PROPERTY = "model.seed";
    private static final int EXAMPLES = 300;
    /** Attempts to shrink a failing sequence; each one replays a sequence against a fresh ledger. */
    private static final int SHRINK_CYCLES = 3000;

    private static final String TENANT = "tenant";
    private static final String CUSTOMER = "customer";

    sealed interface Step permits Order, Add, Redeem, Return, Sweep, Advance, CouponRedeem, Recover, SiteCurrency,
            Erase, Activate, RecordActivations {
    }

    /** Completes order {@code index}; its value is fixed by the index, plus one when {@code conflicting}. */
    record Order(int index, boolean conflicting) implements Step {
    }

    record Add(long points, int validDays) implements Step {
    }

    record Redeem(long points) implements Step {
    }

    /** Returns part of order {@code orderIndex}; {@code refundPercent} 0 means "everything left". */
    record Return(int orderIndex, int returnIndex, int refundPercent) implements Step {
    }

    record Sweep() implements Step {
    }

    record Advance(long hours) implements Step {
    }

    /** Exchanges {@value #OPTION_POINTS} points for a coupon while the issuer shows {@code fault}. */
    record CouponRedeem(Fault fault) implements Step {
    }

    record Recover() implements Step {
    }

    /** Changes the site's currency: replays of orders credited before must still return the first credit. */
    record SiteCurrency(boolean usd) implements Step {
    }

    /** Deletes the account (right to erasure); refused while a coupon redemption is pending. */
    record Erase() implements Step {
    }

    /** Activates order {@code orderIndex}'s pending points now. */
    record Activate(int orderIndex) implements Step {
    }

    record RecordActivations() implements Step {
    }

    private static final long OPTION_POINTS = 25;
    /** The site's pending period: orders' points are pending for it, added points never. */
    private static final int PENDING_DAYS = 3;

    /**
     * Every value is drawn from integer choices (list size, which command, each field), which
     * QuickTheories shrinks towards their lower bounds: shorter sequences, earlier commands, smaller
     * values.
     */
    static Gen<List<Step>> steps() {
        Gen<Step> order = Generate.range(0, 5).zip(Generate.range(0, 9).map(i -> i == 0), Order::new);
        Gen<Step> add = Generate.longRange(1, 60).zip(Generate.range(0, 500), Add::new);
        Gen<Step> redeem = Generate.longRange(1, 120).map(Redeem::new);
        Gen<Step> giveBack = Generate.range(0, 5).zip(Generate.range(0, 2), Generate.range(0, 60), Return::new);
        Gen<Step> sweep = Generate.constant(new Sweep());
        Gen<Step> advance = Generate.pick(List.of(1L, 12L, 24L * 15, 24L * 29, 24L * 31, 24L * 200)).map(Advance::new);
        Gen<Step> coupon = Generate.enumValues(Fault.class).map(CouponRedeem::new);
        Gen<Step> recover = Generate.constant(new Recover());
        Gen<Step> currency = Generate.range(0, 1).map(i -> new SiteCurrency(i == 1));
        Gen<Step> erase = Generate.constant(new Erase());
        Gen<Step> activate = Generate.range(0, 5).map(Activate::new);
        Gen<Step> recordActivations = Generate.constant(new RecordActivations());
        Gen<Step> step = Generate.frequency(List.of(
                Pair.of(4, order), Pair.of(3, add), Pair.of(4, redeem),
                Pair.of(2, giveBack), Pair.of(1, sweep), Pair.of(3, advance),
                Pair.of(4, coupon), Pair.of(1, recover), Pair.of(1, currency), Pair.of(1, erase),
                Pair.of(2, activate), Pair.of(1, recordActivations)));
        return SourceDSL.lists().of(step).ofType(Lists.arrayList()).ofSizeBetween(1, 40);
    }

    @Test
    void ledgerAgreesWithModel() {
        String property = System.getProperty(SEED_PROPERTY, "").trim();
        long seed = property.isEmpty() ? DEFAULT_SEED : Long.parseLong(property);
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES)
                .withReporter(new FailureReporter())
                .forAll(steps())
                .checkAssert(LedgerModelTest::run);
    }

    private static void run(List<Step> steps) {
        MutableClock clock = MutableClock.at("2024-01-31T12:00:00Z"); // a month end in a leap year
        InMemoryLedgerStore store = new InMemoryLedgerStore();
        InMemoryCouponIssuer coupons = new InMemoryCouponIssuer();
        ScriptedCouponIssuer issuer = new ScriptedCouponIssuer(coupons);
        InMemorySettingsStore settings = new InMemorySettingsStore().put(TENANT, "main", site("EUR"));
        RewardPoints ledger = RewardPoints.builder().store(store).clock(clock).couponIssuer(issuer)
                .redemptionOptions(new InMemoryRedemptionOptionStore()).settings(settings).build();
        Model model = new Model();
        List<Snapshot> history = new ArrayList<>();
        java.util.Random instants = new java.util.Random(steps.hashCode());
        Instant start = clock.instant();
        String optionId = ledger.createOption(TENANT, RedemptionOptionDraft.of("voucher", OPTION_POINTS,
                CouponTemplate.absolute("5 EUR", "5", "EUR"))).id();

        for (Step step : steps) {
            Instant now = clock.instant();
            if (step instanceof Order o) {
                    BigDecimal value = orderValue(o.index()).add(o.conflicting() ? BigDecimal.ONE : BigDecimal.ZERO);
                    OrderCompletion completion = new OrderCompletion(TENANT, "main", CUSTOMER, orderId(o.index()), value,
                            java.util.Currency.getInstance("EUR"));
                    ModelLot existing = model.orders.get(o.index());
                    if (existing != null && existing.orderValue.compareTo(value) != 0) {
                        assertThatThrownBy(() -> ledger.orderCompleted(completion))
                                .isInstanceOf(IdempotencyConflictException.class);
                    } else if (existing == null && model.siteInUsd) {
                        assertThatThrownBy(() -> ledger.orderCompleted(completion))
                                .isInstanceOfSatisfying(InvalidInputException.class,
                                        e -> assertThat(e.getField()).isEqualTo("currency"));
                    } else {
                        CreditResult result = ledger.orderCompleted(completion);
                        long points = value.multiply(new BigDecimal("0.5")).setScale(0, RoundingMode.DOWN).longValueExact();
                        if (existing != null) {
                            assertThat(result.status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
                        } else if (points == 0) {
                            assertThat(result.status()).isEqualTo(CreditResult.Status.ZERO_POINTS);
                        } else {
                            assertThat(result.status()).isEqualTo(CreditResult.Status.CREDITED);
                            ModelLot lot = model.credit(result.lot().orElseThrow().id(), points, now,
                                    now.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
                            lot.orderValue = value;
                            lot.activatesAt = now.plus(Duration.ofDays(PENDING_DAYS));
                            lot.activationRecorded = false;
                            assertThat(result.lot().orElseThrow().activatesAt()).isEqualTo(lot.activatesAt);
                            model.orders.put(o.index(), lot);
                        }
                    }
            } else if (step instanceof Add a) {
                    AddPoints add = AddPoints.of(TENANT, CUSTOMER, a.points());
                    Instant validUntil = now.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
                    if (a.validDays() > 0) {
                        validUntil = now.plus(Duration.ofDays(a.validDays()));
                        add = add.withValidUntil(validUntil);
                    }
                    AddedPoints added = ledger.addPoints(add);
                    assertThat(added.validUntil()).isEqualTo(validUntil);
                    model.credit(added.id(), a.points(), now, validUntil);
            } else if (step instanceof Redeem r) {
                    long available = model.balance(now);
                    if (!model.exists || r.points() > available) {
                        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(TENANT, CUSTOMER, r.points())))
                                .isInstanceOfAny(InsufficientPointsException.class, AccountNotFoundException.class);
                    } else {
                        ledger.redeemPoints(RedeemPoints.of(TENANT, CUSTOMER, r.points()));
                        model.take(r.points(), now, null);
                    }
            } else if (step instanceof Return r) {
                    ModelLot lot = model.orders.get(r.orderIndex());
                    String key = r.orderIndex() + "/" + r.returnIndex();
                    OrderReturn orderReturn = r.refundPercent() == 0
                            ? OrderReturn.full(TENANT, orderId(r.orderIndex()), returnId(r.returnIndex()))
                            : new OrderReturn(TENANT, orderId(r.orderIndex()), returnId(r.returnIndex()),
                            orderValue(r.orderIndex()).multiply(BigDecimal.valueOf(r.refundPercent()))
                                    .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN),
                            java.util.Currency.getInstance("EUR"));
                    if (lot == null) {
                        assertThat(ledger.orderReturned(orderReturn).status())
                                .isEqualTo(ReversalResult.Status.ORDER_NOT_CREDITED);
                    } else if (model.returns.containsKey(key)) {
                        if (orderReturn.refundedValue() == null
                                || orderReturn.refundedValue().compareTo(model.returns.get(key)) == 0) {
                            assertThat(ledger.orderReturned(orderReturn).status())
                                    .isEqualTo(ReversalResult.Status.ALREADY_REVERSED);
                        } else {
                            assertThatThrownBy(() -> ledger.orderReturned(orderReturn))
                                    .isInstanceOf(IdempotencyConflictException.class);
                        }
                    } else {
                        BigDecimal refund = orderReturn.refundedValue() != null ? orderReturn.refundedValue()
                                : lot.orderValue.subtract(lot.refunded);
                        BigDecimal total = lot.refunded.add(refund);
                        if (refund.signum() <= 0 || total.compareTo(lot.orderValue) > 0) {
                            assertThatThrownBy(() -> ledger.orderReturned(orderReturn))
                                    .isInstanceOf(InvalidInputException.class);
                        } else {
                            long target = BigDecimal.valueOf(lot.points).multiply(total)
                                    .divide(lot.orderValue, 0, RoundingMode.DOWN).longValueExact();
                            long requested = target - lot.requested;
                            // live remaining first; expired points (swept or not) are gone, neither taken nor replaced
                            boolean expired = !lot.validUntil.isAfter(now);
                            long fromLot = expired ? 0 : Math.min(lot.remaining, requested);
                            long rest = requested - fromLot;
                            long expiredPoints = expired ? lot.remaining + lot.sweptExpired : 0;
                            long covered = Math.min(rest, Math.max(0, expiredPoints - lot.expiredCovered));
                            rest -= covered;
                            long reserved = model.pending.stream().mapToLong(p -> p.taken.getOrDefault(lot, 0L)).sum();
                            if (rest > 0 && reserved > 0) {
                                // the reserved points are neither spent nor free until the redemption ends
                                assertThatThrownBy(() -> ledger.orderReturned(orderReturn))
                                        .isInstanceOf(RedemptionInFlightException.class);
                            } else {
                                ReversalResult result = ledger.orderReturned(orderReturn);
                                lot.remaining -= fromLot;
                                lot.expiredCovered += covered;
                                long fromOthers = model.take(rest, now, lot);
                                assertThat(result.requestedPoints()).isEqualTo(requested);
                                assertThat(result.reversedPoints()).isEqualTo(fromLot + fromOthers);
                                lot.refunded = total;
                                lot.requested = target;
                                model.returns.put(key, refund);
                            }
                        }
                    }
            } else if (step instanceof Sweep) {
                    SweepResult result = ledger.sweepExpired();
                    long expired = model.lots.stream().filter(l -> !l.validUntil.isAfter(now)).mapToLong(l -> l.remaining).sum();
                    assertThat(result.points()).isEqualTo(expired);
                    model.lots.stream().filter(l -> !l.validUntil.isAfter(now)).forEach(l -> {
                        l.sweptExpired += l.remaining;
                        l.remaining = 0;
                    });
            } else if (step instanceof CouponRedeem c) {
                issuer.nextCalls(c.fault());
                CouponRedemption redemption = CouponRedemption.of(TENANT, CUSTOMER, optionId);
                if (!model.exists) {
                    assertThatThrownBy(() -> ledger.redeemForCoupon(redemption)).isInstanceOf(AccountNotFoundException.class);
                } else if (model.balance(now) < OPTION_POINTS) {
                    assertThatThrownBy(() -> ledger.redeemForCoupon(redemption))
                            .isInstanceOf(InsufficientPointsException.class);
                } else if (c.fault() == Fault.THROW_BEFORE_ISSUE) {
                    assertThatThrownBy(() -> ledger.redeemForCoupon(redemption)).isInstanceOf(CouponIssuingException.class);
                } else if (c.fault() == Fault.CRASH_BEFORE_ISSUE || c.fault() == Fault.CRASH_AFTER_ISSUE) {
                    assertThatThrownBy(() -> ledger.redeemForCoupon(redemption))
                            .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class);
                    model.pending.add(new Reservation(model.takeFromLots(OPTION_POINTS, now, null),
                            c.fault() == Fault.CRASH_AFTER_ISSUE));
                } else {
                    ledger.redeemForCoupon(redemption);
                    model.take(OPTION_POINTS, now, null);
                    model.confirmedCoupons++;
                }
                issuer.nextCalls(Fault.NONE);
            } else if (step instanceof Recover) {
                RecoveryResult result = ledger.recoverReservations(Duration.ZERO);
                long issued = model.pending.stream().filter(r -> r.issued).count();
                assertThat(result.confirmed()).isEqualTo(issued);
                assertThat(result.released()).isEqualTo(model.pending.size() - issued);
                for (Reservation reservation : model.pending) {
                    if (reservation.issued) {
                        model.confirmedCoupons++;
                    } else {
                        reservation.taken.forEach((lot, points) -> lot.remaining += points);
                    }
                }
                model.pending.clear();
            } else if (step instanceof Activate a) {
                ModelLot lot = model.orders.get(a.orderIndex());
                ActivationResult result = ledger.activate(TENANT, orderId(a.orderIndex()));
                if (lot == null) {
                    assertThat(result.status()).isEqualTo(ActivationResult.Status.ORDER_NOT_CREDITED);
                } else {
                    boolean pending = lot.activatesAt.isAfter(now);
                    if (pending) {
                        // activated in the microsecond of its credit: usable one microsecond later
                        lot.activatesAt = now.isAfter(lot.createdAt) ? now : lot.createdAt.plusNanos(1000);
                        lot.activationRecorded = true;
                    }
                    assertThat(result).isEqualTo(new ActivationResult(pending ? ActivationResult.Status.ACTIVATED
                            : ActivationResult.Status.ALREADY_ACTIVE, lot.remaining, Optional.of(lot.activatesAt)));
                }
            } else if (step instanceof RecordActivations) {
                List<ModelLot> due = model.lots.stream()
                        .filter(l -> !l.activationRecorded && !l.activatesAt.isAfter(now)).toList();
                assertThat(ledger.recordActivations().lots()).isEqualTo(due.size());
                due.forEach(l -> l.activationRecorded = true);
            } else if (step instanceof Advance a) {
                clock.advance(Duration.ofHours(a.hours()));
            } else if (step instanceof SiteCurrency c) {
                settings.put(TENANT, "main", site(c.usd() ? "USD" : "EUR"));
                ledger.invalidateSettings(TENANT, "main");
                model.siteInUsd = c.usd();
            } else if (step instanceof Erase) {
                if (!model.pending.isEmpty()) {
                    assertThatThrownBy(() -> ledger.deleteAccount(TENANT, CUSTOMER))
                            .isInstanceOf(RedemptionInFlightException.class);
                } else {
                    assertThat(ledger.deleteAccount(TENANT, CUSTOMER)).isEqualTo(model.exists);
                    model.erase();
                }
            }
            Instant after = clock.instant();
            if (model.exists) {
                assertThat(ledger.balance(TENANT, CUSTOMER)).as("balance after %s", step).isEqualTo(model.balance(after));
                Map<String, Long> used = new HashMap<>();
                ledger.summary(TENANT, CUSTOMER).addedPointsList().forEach(l -> used.put(l.id(), l.usedPoints()));
                for (ModelLot lot : model.lots) {
                    long reserved = model.pending.stream().mapToLong(r -> r.taken.getOrDefault(lot, 0L)).sum();
                    assertThat(used.get(lot.id)).as("used points of lot %s after %s (pending reservations excluded)",
                            lot.id, step).isEqualTo(lot.points - lot.remaining - reserved);
                }
                LedgerInvariants.checkAccount(store, TENANT, CUSTOMER, after, false);
                assertThat(ledger.verify(TENANT, CUSTOMER).mismatches()).as("verification after %s", step).isEmpty();
                long pendingIssued = model.pending.stream().filter(r -> r.issued).count();
                assertThat(coupons.issued()).as("coupons issued after %s", step)
                        .hasSize((int) (model.erasedCoupons + model.confirmedCoupons + pendingIssued));
                assertThat(coupons.issued()).filteredOn(c -> c.customerId().equals(CUSTOMER))
                        .as("coupons still naming the customer after %s", step)
                        .hasSize((int) (model.confirmedCoupons + pendingIssued));
                // the summary explains the balance: what unexpired lots hold, less what reservations hold of it
                PointsSummary summary = ledger.summary(TENANT, CUSTOMER);
                long unexpiredUnused = summary.addedPointsList().stream().filter(l -> l.validUntil().isAfter(after)
                        && !l.activatesAt().isAfter(after)).mapToLong(l -> l.points() - l.usedPoints()).sum();
                assertThat(summary.pendingPoints()).as("pending points after %s", step).isEqualTo(model.pending(after));
                long reservedOfUnexpired = model.pending.stream().flatMap(r -> r.taken.entrySet().stream())
                        .filter(e -> e.getKey().validUntil.isAfter(after)).mapToLong(Map.Entry::getValue).sum();
                assertThat(summary.activePoints()).as("summary after %s", step)
                        .isEqualTo(unexpiredUnused - reservedOfUnexpired).isEqualTo(model.balance(after));
                assertThat(ledger.summary(TENANT, CUSTOMER).redeemedPointsList().stream()
                        .filter(d -> d.kind() == org.rewardpoints.spi.DebitKind.COUPON_REDEMPTION).count())
                        .as("confirmed coupon redemptions after %s", step).isEqualTo(model.confirmedCoupons);
            }
            history.add(model.snapshot(after));
            List<Instant> past = new ArrayList<>();
            history.forEach(snapshot -> {
                past.add(snapshot.at());
                past.add(snapshot.at().minusNanos(1000));
            });
            long span = Duration.between(start, after).toSeconds() + 86_400;
            for (int i = 0; i < 3; i++) {
                past.add(after.minusSeconds((long) (instants.nextDouble() * span)));
            }
            for (Instant instant : past) {
                assertAsOf(ledger, model, history, instant, step);
            }
            assertLotsAsOf(ledger, model, history, past.get(past.size() - 1), step);
        }
    }

    /** The balance as of {@code instant} is the model's, from its last state at or before then. */
    private static void assertAsOf(RewardPoints ledger, Model model, List<Snapshot> history, Instant instant, Step step) {
        if (!model.exists) {
            assertThatThrownBy(() -> ledger.balanceAsOf(TENANT, CUSTOMER, instant))
                    .as("as of %s after %s, no account", instant, step).isInstanceOf(AccountNotFoundException.class);
        } else if (instant.isBefore(model.createdAt)) {
            assertThatThrownBy(() -> ledger.balanceAsOf(TENANT, CUSTOMER, instant))
                    .as("as of %s after %s, before the account", instant, step)
                    .isInstanceOf(InstantBeforeAccountException.class);
        } else {
            long expected = then(history, instant).lots().stream().filter(lot -> lot.validUntil().isAfter(instant)
                    && !lot.activatesAt().isAfter(instant)).mapToLong(LotThen::remaining).sum();
            assertThat(ledger.balanceAsOf(TENANT, CUSTOMER, instant)).as("balance as of %s after %s", instant, step)
                    .isEqualTo(expected);
        }
    }

    private static void assertLotsAsOf(RewardPoints ledger, Model model, List<Snapshot> history, Instant instant,
                                       Step step) {
        if (!model.exists || instant.isBefore(model.createdAt)) {
            return; // assertAsOf checked the refusal
        }
        List<LotAsOf> lots = new ArrayList<>();
        String cursor = null;
        do {
            Page<LotAsOf> page = ledger.lotsAsOf(TENANT, CUSTOMER, instant, cursor, 7);
            lots.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        List<LotThen> expected = then(history, instant).lots().stream()
                .sorted(Comparator.comparing(LotThen::createdAt).thenComparing(LotThen::id))
                .map(lot -> new LotThen(lot.id(), lot.points(), lot.createdAt(), lot.validUntil(), null,
                        lot.validUntil().isAfter(instant) ? lot.remaining() : lot.unused(),
                        (lot.validUntil().isAfter(instant) ? 0 : 1)
                                + (lot.validUntil().isAfter(instant) && lot.activatesAt().isAfter(instant) ? 2 : 0)))
                .toList();
        assertThat(lots).as("lots as of %s after %s (remaining, 1 when expired, 2 when pending)", instant, step)
                .map(lot -> new LotThen(lot.id(), lot.points(), lot.createdAt(), lot.validUntil(), null,
                        lot.remainingPoints(), (lot.expired() ? 1 : 0) + (lot.pending() ? 2 : 0)))
                .isEqualTo(expected);
    }

    /** The model's last state at or before {@code instant}: entries at one instant all count from it. */
    private static Snapshot then(List<Snapshot> history, Instant instant) {
        Snapshot found = null;
        for (Snapshot snapshot : history) {
            if (!snapshot.at().isAfter(instant)) {
                found = snapshot;
            }
        }
        return found;
    }

    /** A lot as the model held it after a step; {@code unused} also counts what the sweep recorded as expired. */
    record LotThen(String id, long points, Instant createdAt, Instant validUntil, Instant activatesAt, long remaining,
                   long unused) {
    }

    /** The model's lots after a step that ended at {@code at}. */
    record Snapshot(Instant at, List<LotThen> lots) {
    }

    /**
     * Fails with the seed and the shrunk sequence, one step a line, with what the ledger got wrong
     * in it as the cause. Prints nothing.
     */
    private static final class FailureReporter implements Reporter {
        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                                   List<Object> examples, AsString<Object> toString) {
            throw failure(seed, examplesUsed, smallest, cause, examples);
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> examples,
                                   AsString<Object> toString) {
            throw failure(seed, examplesUsed, smallest, null, examples);
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            throw new AssertionError("only " + completedExamples + " sequence(s) could be generated");
        }

        private static AssertionError failure(long seed, int examplesUsed, Object smallest, Throwable cause,
                                              List<Object> examples) {
            // QuickTheories lists the falsifying values smallest first; the last is the one it found first
            int found = ((List<?>) examples.get(examples.size() - 1)).size();
            List<Step> shrunk = ((List<?>) smallest).stream().map(Step.class::cast).toList();
            List<Step> steps = new ArrayList<>(shrunk);
            Throwable failure = dropNeedlessSteps(steps);
            String lines = IntStream.range(0, steps.size())
                    .mapToObj(i -> String.format("  %2d. %s", i + 1, steps.get(i)))
                    .collect(Collectors.joining(System.lineSeparator()));
            return new AssertionError(String.format(
                    "ledger and model disagree in sequence %d of seed %d (rerun with -D%s=%d)%n"
                            + "shrunk from %d to %d step(s), then to %d by dropping steps:%n%s",
                    examplesUsed, seed, SEED_PROPERTY, seed, found, shrunk.size(), steps.size(), lines),
                    failure != null ? failure : cause);
        }

        /**
         * QuickTheories shortens a sequence from its end and simplifies each step, but never drops a
         * step in the middle: drop single steps while the rest still fails, until none can go.
         *
         * @return how the remaining steps fail, null if they no longer do
         */
        private static Throwable dropNeedlessSteps(List<Step> steps) {
            Throwable failure = failureOf(steps);
            boolean dropped = true;
            while (dropped) {
                dropped = false;
                for (int i = steps.size() - 1; i >= 0 && steps.size() > 1; i--) {
                    List<Step> fewer = new ArrayList<>(steps);
                    fewer.remove(i);
                    Throwable fewerFailure = failureOf(fewer);
                    if (fewerFailure != null) {
                        steps.remove(i);
                        failure = fewerFailure;
                        dropped = true;
                    }
                }
            }
            return failure;
        }

        private static Throwable failureOf(List<Step> steps) {
            try {
                run(steps);
                return null;
            } catch (Throwable t) { // as QuickTheories counts it: crashes the model did not expect, too
                return t;
            }
        }
    }

    /** Order ids with colons: {@code o}, {@code o:x}, {@code o:x:x}, ...; with {@link #returnId} their old keys collided. */
    private static String orderId(int index) {
        return "o" + ":x".repeat(index);
    }

    /** Return ids {@code r}, {@code x:r}, {@code x:x:r}: return {@code x:r} of order {@code o} and return {@code r} of {@code o:x}. */
    private static String returnId(int index) {
        return "x:".repeat(index) + "r";
    }

    private static SiteSettings site(String currency) {
        return SiteSettings.of(new BigDecimal("0.5"), 1, "RP", currency).withPendingPeriodDays(PENDING_DAYS);
    }

    private static BigDecimal orderValue(int index) {
        return new BigDecimal(new String[] {"19.99", "100", "1.50", "250.10", "7", "64.33"}[index]);
    }

    static final class ModelLot {
        final String id;
        final long points;
        final Instant createdAt;
        final Instant validUntil;
        final long sequence;
        long remaining;
        BigDecimal orderValue;
        BigDecimal refunded = BigDecimal.ZERO;
        long requested;
        /** Expired points the sweep recorded, and expired points returns have counted so far. */
        long sweptExpired;
        long expiredCovered;
        /** When the points became usable (the credit, the end of the pending period, or an activation). */
        Instant activatesAt;
        boolean activationRecorded = true;

        ModelLot(String id, long points, Instant createdAt, Instant validUntil, long sequence) {
            this.id = id;
            this.points = points;
            this.remaining = points;
            this.createdAt = createdAt;
            this.activatesAt = createdAt;
            this.validUntil = validUntil;
            this.sequence = sequence;
        }
    }

    record Reservation(Map<ModelLot, Long> taken, boolean issued) {
    }

    static final class Model {
        final List<ModelLot> lots = new ArrayList<>();
        final List<Reservation> pending = new ArrayList<>();
        long confirmedCoupons;
        /** Coupons of an erased account: they stay with the issuer, without the customer's id. */
        long erasedCoupons;
        boolean siteInUsd;
        final Map<Integer, ModelLot> orders = new HashMap<>();
        final Map<String, BigDecimal> returns = new HashMap<>();
        boolean exists;
        /** When the account that exists now was created. */
        Instant createdAt;

        Snapshot snapshot(Instant at) {
            return new Snapshot(at, lots.stream().map(lot -> new LotThen(lot.id, lot.points, lot.createdAt,
                    lot.validUntil, lot.activatesAt, lot.remaining, lot.remaining + lot.sweptExpired)).toList());
        }

        void erase() {
            lots.clear();
            orders.clear();
            returns.clear();
            erasedCoupons += confirmedCoupons;
            confirmedCoupons = 0;
            exists = false;
        }

        ModelLot credit(String id, long points, Instant now, Instant validUntil) {
            if (!exists) {
                createdAt = now;
            }
            exists = true;
            ModelLot lot = new ModelLot(id, points, now, validUntil, lots.size());
            lots.add(lot);
            return lot;
        }

        long balance(Instant now) {
            return lots.stream().filter(l -> l.validUntil.isAfter(now) && !l.activatesAt.isAfter(now))
                    .mapToLong(l -> l.remaining).sum();
        }

        long pending(Instant now) {
            return lots.stream().filter(l -> l.validUntil.isAfter(now) && l.activatesAt.isAfter(now))
                    .mapToLong(l -> l.remaining).sum();
        }

        /** Takes up to {@code points} from unexpired lots, soonest-expiring first; returns what it took. */
        long take(long points, Instant now, ModelLot excluded) {
            return takeFromLots(points, now, excluded).values().stream().mapToLong(Long::longValue).sum();
        }

        /** Like {@link #take}, returning how much came from each lot. */
        Map<ModelLot, Long> takeFromLots(long points, Instant now, ModelLot excluded) {
            Map<ModelLot, Long> taken = new java.util.IdentityHashMap<>();
            long left = points;
            List<ModelLot> fifo = lots.stream().filter(l -> l != excluded && l.validUntil.isAfter(now) && l.remaining > 0
                            && !l.activatesAt.isAfter(now))
                    .sorted(Comparator.<ModelLot, Instant>comparing(l -> l.validUntil)
                            .thenComparing(l -> l.createdAt).thenComparingLong(l -> l.sequence))
                    .toList();
            for (ModelLot lot : fifo) {
                long take = Math.min(left, lot.remaining);
                if (take > 0) {
                    lot.remaining -= take;
                    left -= take;
                    taken.put(lot, take);
                }
            }
            return taken;
        }
    }
}

package org.rewardpoints.jdbc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CreditResult;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.ReversalPolicy;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.VerificationReport;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/**
 * What the JDBC adapter adds beyond the storage contract: buffering and flushing, lazy reads,
 * failure classification, retries, unknown commit outcomes, joined transactions, restoring
 * connection state and verbatim text. Subclasses supply the database; each test uses its own
 * tenant, so the database is shared by the whole class.
 */
abstract class JdbcStoreBehaviourTest {
    static final Instant NOW = Instant.parse("2025-03-10T12:00:00.123456Z");

    /** The database for this class; called once per test, so implementations cache it. */
    abstract DataSource dataSource();

    /** A store builder on {@code dataSource}; a database with several models sets the tested one's dialect. */
    JdbcLedgerStore.Builder storeBuilder(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource);
    }

    String tenant;
    JdbcLedgerStore store;

    @BeforeEach
    void newTenant() {
        tenant = "t-" + UUID.randomUUID();
        store = storeBuilder(dataSource()).schemaMode(SchemaMode.CREATE).build();
    }

    @AfterEach
    void invariantsHold() {
        LedgerInvariants.assertHold(dataSource(), tenant);
    }

    RewardPoints rewardPoints(LedgerStore ledger, Clock clock) {
        return RewardPoints.builder().store(ledger)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(clock).build();
    }

    RewardPoints rewardPoints() {
        return rewardPoints(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    EventRecord deleted(String customerId) {
        return new EventRecord(0, UUID.randomUUID().toString(), tenant, customerId, "ACCOUNT_DELETED", null, 0, 0, NOW,
                "{}", 0);
    }

    LotRecord lot(String customerId, String id, String key, long points, Instant createdAt, Instant validUntil) {
        return new LotRecord(id, tenant, customerId, key, null, null, null, null, null, points, points, createdAt,
                validUntil, points);
    }

    /** Creates an account holding the given lots, in one unit. */
    void openAccount(String customerId, LotRecord... lots) {
        store.inAccount(tenant, customerId, session -> {
            long total = 0;
            session.insertAccount(new AccountRecord(tenant, customerId, 0, 0, NOW, 0, 0));
            for (LotRecord lot : lots) {
                session.insertLot(lot);
                total += lot.remaining();
            }
            session.updateAccount(new AccountRecord(tenant, customerId, total, 0, NOW, 1, 0));
            return null;
        });
    }

    // ------------------------------------------------------------------ through the public API

    @Test
    void orderCompleted_creditsOnceAndReadsBack() {
        RewardPoints points = rewardPoints();
        OrderCompletion order = OrderCompletion.of(tenant, "main", "c1", "o-1", "120.50", "EUR");

        CreditResult first = points.orderCompleted(order);
        CreditResult repeat = points.orderCompleted(order);

        assertThat(first.status()).isEqualTo(CreditResult.Status.CREDITED);
        assertThat(repeat.status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        assertThat(repeat.lot().orElseThrow().id()).isEqualTo(first.lot().orElseThrow().id());
        assertThat(points.balance(tenant, "c1")).isEqualTo(120);
        LotRecord stored = store.findLotByKey(tenant, "order:o-1").orElseThrow();
        assertThat(stored.orderValue()).isEqualByComparingTo("120.50");
        assertThat(stored.currency()).isEqualTo("EUR");
        assertThat(stored.createdAt()).isEqualTo(NOW);
    }

    @Test
    void hostileText_isStoredVerbatim() {
        String customer = "o'brien\"; DROP TABLE rp_lots; --";
        String order = "ord-'); DELETE FROM rp_accounts; --";
        String description = "Grüße 😀 ' \" ; -- /* */ \\ \t\nnext line 漢字";
        String addId = "add';--";
        RewardPoints points = rewardPoints();

        points.orderCompleted(OrderCompletion.of(tenant, "main", customer, order, "10", "EUR"));
        String lotId = points.addPoints(new AddPoints(tenant, "main", customer, addId, "ref \"x\" ;", description, 5, null)).id();
        points.redeemPoints(new RedeemPoints(tenant, customer, "r'1", description, 3));
        CreditResult repeat = points.orderCompleted(OrderCompletion.of(tenant, "main", customer, order, "10", "EUR"));

        assertThat(repeat.status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        PointsSummary summary = points.summary(tenant, customer);
        assertThat(summary.customerId()).isEqualTo(customer);
        assertThat(summary.activePoints()).isEqualTo(12);
        assertThat(summary.addedPointsList()).extracting(a -> a.referenceId())
                .containsExactlyInAnyOrder(order, "ref \"x\" ;");
        assertThat(summary.addedPointsList()).filteredOn(a -> a.id().equals(lotId)).singleElement()
                .satisfies(added -> assertThat(added.description()).isEqualTo(description));
        assertThat(summary.redeemedPointsList()).singleElement()
                .satisfies(debit -> assertThat(debit.description()).isEqualTo(description));
        assertThat(store.findDebitByKey(tenant, "redeem:r'1")).isPresent();
        assertThat(store.customerIds(tenant, null, 10)).containsExactly(customer);
    }

    @Test
    void redeem_takesSoonestExpiringLotsFirst() {
        openAccount("c1",
                lot("c1", "late", null, 10, NOW, NOW.plus(Duration.ofDays(30))),
                lot("c1", "soon", null, 10, NOW, NOW.plus(Duration.ofDays(1))),
                lot("c1", "middle", null, 10, NOW, NOW.plus(Duration.ofDays(10))));

        rewardPoints().redeemPoints(RedeemPoints.of(tenant, "c1", 15).withDescription("gift"));

        assertThat(store.lots(tenant, "c1", null, 10)).extracting(LotRecord::id, LotRecord::remaining)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("soon", 0L),
                        org.assertj.core.groups.Tuple.tuple("middle", 5L),
                        org.assertj.core.groups.Tuple.tuple("late", 10L));
    }

    // ------------------------------------------------------------------ units

    @Test
    void duplicateIdempotencyKey_failsTheUnitAndKeepsNothingOfIt() {
        openAccount("c1", lot("c1", "l1", "order:o-1", 10, NOW, NOW.plus(Duration.ofDays(1))));

        assertThatThrownBy(() -> openAccount("c2", lot("c2", "l2", "order:o-1", 10, NOW, NOW.plus(Duration.ofDays(1)))))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("uniqueness");

        assertThat(store.findAccount(tenant, "c2", NOW)).isEmpty();
        assertThat(store.lots(tenant, "c2", null, 10)).isEmpty();
    }

    /**
     * Whether lot and debit ids are unique across a tenant's customers (true but on Citus by
     * customer, where they are unique per account: the core makes them as random UUIDs).
     */
    boolean idsUniqueAcrossCustomers() {
        return true;
    }

    @Test
    void duplicateLotIdAndAccount_areDuplicateKeys() {
        openAccount("c1", lot("c1", "l1", null, 10, NOW, NOW.plus(Duration.ofDays(1))));

        if (idsUniqueAcrossCustomers()) {
            assertThatThrownBy(() -> openAccount("c2", lot("c2", "l1", null, 10, NOW, NOW.plus(Duration.ofDays(1)))))
                    .isInstanceOf(DuplicateKeyException.class);
        } else {
            openAccount("c2", lot("c2", "l1", null, 10, NOW, NOW.plus(Duration.ofDays(1))));
            assertThat(store.lots(tenant, "c2", null, 10)).extracting(LotRecord::id).containsExactly("l1");
        }
        assertThatThrownBy(() -> store.inAccount(tenant, "c1", session -> {
            session.insertLot(lot("c1", "l1", null, 5, NOW, NOW.plus(Duration.ofDays(2))));
            return null;
        })).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> openAccount("c1"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.findAccount(tenant, "c1", NOW).orElseThrow().openPoints()).isEqualTo(10);
    }

    @Test
    void workThatThrows_rollsBackAndPropagatesItsExceptionUnchanged() {
        openAccount("c1", lot("c1", "l1", null, 10, NOW, NOW.plus(Duration.ofDays(1))));
        IllegalStateException failure = new IllegalStateException("domain rule");

        assertThatThrownBy(() -> store.inAccount(tenant, "c1", session -> {
            AccountRecord account = session.lockAccount(NOW).orElseThrow();
            session.updateLotRemaining("l1", 0);
            session.updateAccount(account.withChange(-10, 0, 0));
            throw failure;
        })).isSameAs(failure);

        assertThat(store.findAccount(tenant, "c1", NOW).orElseThrow().openPoints()).isEqualTo(10);
        assertThat(store.lots(tenant, "c1", null, 10)).singleElement().extracting(LotRecord::remaining).isEqualTo(10L);
    }

    @Test
    void lockAccount_computesExpiredPointsAsOfTheGivenInstant() {
        Instant soon = NOW.plus(Duration.ofDays(1));
        openAccount("c1",
                lot("c1", "a", null, 10, NOW, soon),
                lot("c1", "b", null, 7, NOW, NOW.plus(Duration.ofDays(2))));

        long atExpiry = store.inAccount(tenant, "c1", s -> s.lockAccount(soon).orElseThrow().expiredPoints());
        long justBefore = store.inAccount(tenant, "c1",
                s -> s.lockAccount(soon.minusNanos(1000)).orElseThrow().expiredPoints());
        Optional<AccountRecord> none = store.inAccount(tenant, "nobody", s -> s.lockAccount(NOW));

        assertThat(atExpiry).isEqualTo(10);
        assertThat(justBefore).isZero();
        assertThat(none).isEmpty();
        assertThat(store.findAccount(tenant, "c1", NOW.plus(Duration.ofDays(3))).orElseThrow().activePoints()).isZero();
    }

    @Test
    void spendableLots_readLazilyInSmallBatchesInExpiryOrder() {
        List<LotRecord> lots = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // several lots share validUntil and createdAt, so the id decides among them
            lots.add(lot("c1", String.format("lot-%02d", 29 - i), null, 1 + i, NOW.minusSeconds(i % 3),
                    NOW.plus(Duration.ofDays(1 + i % 5))));
        }
        lots.add(lot("c1", "expired", null, 5, NOW.minus(Duration.ofDays(40)), NOW));
        openAccount("c1", lots.toArray(LotRecord[]::new));
        AtomicInteger statements = new AtomicInteger();
        JdbcLedgerStore counted = storeBuilder(JdbcProxies.wrap(dataSource(), new JdbcProxies.Hooks() {
            @Override
            public void beforeExecute(String sql) {
                statements.incrementAndGet();
            }
        })).schemaMode(SchemaMode.NONE).dialect(store.dialect()).build();

        int[] afterThree = new int[1];
        List<String> order = counted.inAccount(tenant, "c1", session -> {
            int before = statements.get();
            Iterator<LotRecord> spendable = session.spendableLots(NOW);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(spendable.next().id());
            }
            afterThree[0] = statements.get() - before;
            spendable.forEachRemaining(lot -> ids.add(lot.id()));
            return ids;
        });

        List<String> expected = lots.stream().filter(lot -> lot.validUntil().isAfter(NOW))
                .sorted(java.util.Comparator.comparing(LotRecord::validUntil).thenComparing(LotRecord::createdAt)
                        .thenComparing(LotRecord::id))
                .map(LotRecord::id).toList();
        assertThat(order).containsExactlyElementsOf(expected);
        assertThat(afterThree[0]).as("statements to read the first three lots").isEqualTo(1);
    }

    @Test
    void sessionReads_coverTheAccountsRecords() {
        openAccount("c1",
                lot("c1", "l1", "add:1", 10, NOW, NOW.plus(Duration.ofDays(1))),
                lot("c1", "l2", null, 10, NOW, NOW.minusSeconds(1)));
        DebitRecord reversal = new DebitRecord("d1", tenant, "c1", DebitKind.REVERSAL, DebitStatus.CONFIRMED,
                "return:o:1", "o", new BigDecimal("12.345"), "r", 8, 8, NOW, 2, null, null, null);
        DebitRecord pending = new DebitRecord("d2", tenant, "c1", DebitKind.COUPON_REDEMPTION, DebitStatus.PENDING,
                "coupon:1", null, null, null, 2, 2, NOW.plusSeconds(1), 0, "opt", null, null);
        store.inAccount(tenant, "c1", session -> {
            AccountRecord account = session.lockAccount(NOW).orElseThrow();
            session.insertDebit(reversal);
            session.insertDebit(pending);
            session.insertAllocations(List.of(new AllocationRecord("d1", "l1", 5), new AllocationRecord("d2", "l1", 2),
                    new AllocationRecord("d1", "l2", 3)));
            session.updateLotRemaining("l1", 3);
            session.updateLotRemaining("l2", 7);
            session.updateDebit(reversal);
            session.updateAccount(new AccountRecord(tenant, "c1", 10, 0, NOW, account.version() + 1, 0));
            return null;
        });

        store.inAccount(tenant, "c1", session -> {
            assertThat(session.lotByKey("add:1")).get().extracting(LotRecord::id).isEqualTo("l1");
            assertThat(session.debitByKey("coupon:1")).get().isEqualTo(pending);
            assertThat(session.debit("d1")).get().satisfies(d -> {
                assertThat(d.refundedValue()).isEqualByComparingTo("12.345");
                assertThat(d.orderId()).isEqualTo("o");
            });
            assertThat(session.debit("unknown")).isEmpty();
            assertThat(session.expiredLots(NOW)).extracting(LotRecord::id).containsExactly("l2");
            assertThat(session.lots(List.of("l2", "missing", "l1"))).extracting(LotRecord::id)
                    .containsExactlyInAnyOrder("l1", "l2");
            assertThat(session.reversalsOfOrder("o")).extracting(DebitRecord::id).containsExactly("d1");
            assertThat(session.reversalsOfOrder("other")).isEmpty();
            assertThat(session.allocationsOfDebit("d1")).containsExactlyInAnyOrder(
                    new AllocationRecord("d1", "l1", 5), new AllocationRecord("d1", "l2", 3));
            assertThat(session.unsettledDebts()).isEmpty();
            return null;
        });
        assertThat(store.confirmedDebits(tenant, "c1", null, 10)).extracting(DebitRecord::id).containsExactly("d1");
        assertThat(store.confirmedAllocationsOfLots(tenant, "c1", List.of("l1", "l2")))
                .containsExactlyInAnyOrder(new AllocationRecord("d1", "l1", 5), new AllocationRecord("d1", "l2", 3));
        assertThat(store.pendingReservations(NOW.plusSeconds(1), null, 1000))
                .filteredOn(d -> d.tenant().equals(tenant)).containsExactly(pending);
        assertThat(store.pendingReservations(NOW, null, 1000)).filteredOn(d -> d.tenant().equals(tenant)).isEmpty();

        // releasing the reservation gives its points back to the same lot
        store.inAccount(tenant, "c1", session -> {
            AccountRecord account = session.lockAccount(NOW).orElseThrow();
            session.updateDebit(pending.withOutcome(DebitStatus.RELEASED, null, 0, NOW.plusSeconds(2)));
            session.updateLotRemaining("l1", 5);
            session.updateAccount(new AccountRecord(tenant, "c1", 12, 0, NOW, account.version() + 1, 0));
            return null;
        });
        assertThat(store.findDebitByKey(tenant, "coupon:1")).get().extracting(DebitRecord::status)
                .isEqualTo(DebitStatus.RELEASED);
        assertThat(store.pendingReservations(NOW.plusSeconds(1), null, 1000)).noneMatch(d -> d.tenant().equals(tenant));
    }

    @Test
    void unsettledDebts_listReversalsWhoseDebtIsNotYetSettled() {
        openAccount("c1", lot("c1", "l1", null, 4, NOW, NOW.plus(Duration.ofDays(1))));
        DebitRecord reversal = new DebitRecord("d1", tenant, "c1", DebitKind.REVERSAL, DebitStatus.CONFIRMED,
                "return:o:1", "o", BigDecimal.TEN, null, 10, 10, NOW, -6, null, null, null);
        store.inAccount(tenant, "c1", session -> {
            AccountRecord account = session.lockAccount(NOW).orElseThrow();
            session.insertDebit(reversal);
            session.updateLotRemaining("l1", 0);
            session.insertAllocations(List.of(new AllocationRecord("d1", "l1", 4)));
            session.updateAccount(new AccountRecord(tenant, "c1", 0, 6, NOW, account.version() + 1, 0));
            return null;
        });

        List<AccountSession.UnsettledDebt> debts = store.inAccount(tenant, "c1", AccountSession::unsettledDebts);

        assertThat(debts).containsExactly(new AccountSession.UnsettledDebt("d1", 6));
        // a credit settles it through the public API; invariants are checked after the test
        rewardPoints().addPoints(AddPoints.of(tenant, "c1", 10));
        assertThat(store.inAccount(tenant, "c1", AccountSession::unsettledDebts)).isEmpty();
        assertThat(store.findAccount(tenant, "c1", NOW).orElseThrow().debt()).isZero();
    }

    // ------------------------------------------------------------------ reads without locks

    @Test
    void history_pagesByKeysetWithoutGapsOrRepeats() {
        List<LotRecord> lots = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            lots.add(lot("c1", "l-" + (char) ('a' + (i * 7) % 23), null, 1, NOW.plusSeconds(i / 4), NOW.plus(Duration.ofDays(1))));
        }
        openAccount("c1", lots.toArray(LotRecord[]::new));

        List<String> paged = new ArrayList<>();
        HistoryCursor cursor = null;
        int pages = 0;
        while (true) {
            List<LotRecord> page = store.lots(tenant, "c1", cursor, 5);
            pages++;
            page.forEach(lot -> paged.add(lot.id()));
            if (page.size() < 5) {
                break;
            }
            LotRecord last = page.get(page.size() - 1);
            cursor = new HistoryCursor(last.createdAt(), last.id());
        }

        List<String> expected = lots.stream().sorted(java.util.Comparator.comparing(LotRecord::createdAt)
                .thenComparing(LotRecord::id)).map(LotRecord::id).toList();
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void customerIds_pageInCodePointOrder() {
        List<String> customers = List.of("b", "B", "a", "Ä", "z", "Z-1", "ä", "10", "9");
        for (String customer : customers) {
            openAccount(customer);
        }

        List<String> first = store.customerIds(tenant, null, 4);
        List<String> rest = store.customerIds(tenant, first.get(3), 10);

        List<String> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(all).containsExactlyElementsOf(customers.stream().sorted().toList());
    }

    @Test
    void deleteAccount_removesTheAccountAndItsWholeHistory() {
        RewardPoints points = rewardPoints();
        points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "50", "EUR"));
        points.redeemPoints(new RedeemPoints(tenant, "c1", "r-1", null, 20));
        points.orderCompleted(OrderCompletion.of(tenant, "main", "c2", "o-2", "5", "EUR"));

        assertThat(store.deleteAccount(tenant, "c1", deleted("c1"))).isEqualTo(LedgerStore.Erasure.DELETED);

        assertThat(store.deleteAccount(tenant, "c1", deleted("c1"))).isEqualTo(LedgerStore.Erasure.NO_ACCOUNT);
        assertThat(store.findAccount(tenant, "c1", NOW)).isEmpty();
        assertThat(store.findLotByKey(tenant, "order:o-1")).isEmpty();
        assertThat(store.findDebitByKey(tenant, "redeem:r-1")).isEmpty();
        assertThat(store.lots(tenant, "c1", null, 10)).isEmpty();
        assertThat(store.customerIds(tenant, null, 10)).containsExactly("c2");
        // erased orders credit again, as the core documents
        assertThat(points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "50", "EUR")).status())
                .isEqualTo(CreditResult.Status.CREDITED);
    }

    @Test
    void accountsWithExpiredLots_findsAccountsHoldingExpiredPoints() {
        openAccount("expired", lot("expired", "l1", null, 3, NOW.minus(Duration.ofDays(9)), NOW.minusSeconds(1)));
        openAccount("fresh", lot("fresh", "l2", null, 3, NOW, NOW.plusSeconds(1)));

        List<org.rewardpoints.spi.AccountKey> found = store.accountsWithExpiredLots(NOW, 1000);

        assertThat(found).filteredOn(key -> key.tenant().equals(tenant)).extracting(key -> key.customerId())
                .containsExactly("expired");
        assertThat(rewardPoints().sweepExpired().points()).isGreaterThanOrEqualTo(3);
        assertThat(store.accountsWithExpiredLots(NOW, 1000)).noneMatch(key -> key.tenant().equals(tenant));
    }

    // ------------------------------------------------------------------ failures

    /**
     * The credit's commit, or on PostgreSQL the one statement of the credit function, which commits
     * as it runs, is executed by the database and its answer lost on the way back.
     */
    @Test
    void commitWithUnknownOutcome_isReportedAndNotRetried() {
        RewardPoints healthy = rewardPoints();
        healthy.createAccount(tenant, "c1");
        AtomicInteger commits = new AtomicInteger();
        String creditCall = Statements.creditCall(store.dialect(), "rp_");
        boolean oneStatement = creditCall != null;
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend", "08006");
        JdbcLedgerStore flaky = storeBuilder(JdbcProxies.wrap(dataSource(), new JdbcProxies.Hooks() {
            @Override
            public void afterExecute(String sql) throws SQLException {
                if (oneStatement && sql.startsWith(creditCall)) {
                    commits.incrementAndGet();
                    throw lost;
                }
            }

            @Override
            public void commit(Connection real) throws SQLException {
                real.commit();
                if (!oneStatement) {
                    commits.incrementAndGet();
                    throw lost;
                }
            }
        })).schemaMode(SchemaMode.NONE).dialect(store.dialect()).build();
        OrderCompletion order = OrderCompletion.of(tenant, "main", "c1", "o-1", "10", "EUR");

        assertThatThrownBy(() -> rewardPoints(flaky, Clock.fixed(NOW, ZoneOffset.UTC)).orderCompleted(order))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("outcome")
                .hasMessageContaining("unknown")
                .hasMessageContaining("idempotency key");

        assertThat(commits).hasValue(1);
        assertThat(flaky.retryCount()).isZero();
        assertThat(healthy.orderCompleted(order).status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        assertThat(healthy.balance(tenant, "c1")).isEqualTo(10);
    }

    @Test
    void serializationFailures_rerunTheWholeUnitAndAreCounted() {
        AtomicInteger refusals = new AtomicInteger(2);
        JdbcLedgerStore contended = storeBuilder(JdbcProxies.wrap(dataSource(), new JdbcProxies.Hooks() {
            @Override
            public void commit(Connection real) throws SQLException {
                if (refusals.getAndDecrement() > 0) {
                    real.rollback();
                    throw new SQLException("could not serialize access", "40001");
                }
                real.commit();
            }
        })).schemaMode(SchemaMode.NONE).dialect(store.dialect()).build();
        AtomicInteger runs = new AtomicInteger();

        contended.inAccount(tenant, "c1", session -> {
            runs.incrementAndGet();
            session.lockAccount(NOW);
            session.insertAccount(new AccountRecord(tenant, "c1", 0, 0, NOW, 0, 0));
            return null;
        });

        assertThat(runs).hasValue(3);
        assertThat(contended.retryCount()).isEqualTo(2);
        assertThat(store.findAccount(tenant, "c1", NOW)).isPresent();
    }

    @Test
    void serializationFailures_beyondMaxRetries_surfaceWithEarlierOnesSuppressed() {
        JdbcLedgerStore hopeless = storeBuilder(JdbcProxies.wrap(dataSource(), new JdbcProxies.Hooks() {
            @Override
            public void beforeExecute(String sql) throws SQLException {
                if (sql.contains("FOR UPDATE")) {
                    throw new SQLException("deadlock detected", "40001", 1213); // every dialect retries it
                }
            }
        })).schemaMode(SchemaMode.NONE).dialect(store.dialect()).maxRetries(2).build();

        assertThatThrownBy(() -> hopeless.inAccount(tenant, "c1", session -> session.lockAccount(NOW)))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining("3 times")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2)
                        .allSatisfy(s -> assertThat(((SQLException) s).getSQLState()).isEqualTo("40001")));
        assertThat(hopeless.retryCount()).isEqualTo(2);
    }

    @Test
    void otherDatabaseFailures_surfaceAsStorageExceptionNotSqlException() {
        JdbcLedgerStore broken = storeBuilder(JdbcProxies.wrap(dataSource(), new JdbcProxies.Hooks() {
            @Override
            public void beforeExecute(String sql) throws SQLException {
                throw new SQLException("disk full", "53100");
            }
        })).schemaMode(SchemaMode.NONE).dialect(store.dialect()).build();

        assertThatThrownBy(() -> broken.inAccount(tenant, "c1", session -> session.lotByKey("k")))
                .isExactlyInstanceOf(StorageException.class).hasMessageContaining("disk full");
        assertThatThrownBy(() -> broken.findAccount(tenant, "c1", NOW))
                .isExactlyInstanceOf(StorageException.class).hasMessageContaining("disk full");
        assertThatThrownBy(() -> broken.deleteAccount(tenant, "c1", deleted("c1")))
                .isExactlyInstanceOf(StorageException.class);
        assertThat(broken.retryCount()).isZero();
    }

    @Test
    void updateOfAMissingRow_failsTheUnit() {
        openAccount("c1");

        assertThatThrownBy(() -> store.inAccount(tenant, "c1", session -> {
            session.lockAccount(NOW);
            session.updateLotRemaining("no-such-lot", 0);
            return null;
        })).isInstanceOf(StorageException.class).hasMessageContaining("no-such-lot");
    }

    // ------------------------------------------------------------------ connection handling

    @Test
    void joining_writesInTheCallersTransactionAndNeverCommits() throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            LedgerStore joined = store.joining(connection);
            RewardPoints points = rewardPoints(joined, Clock.fixed(NOW, ZoneOffset.UTC));

            points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "10", "EUR"));
            assertThat(points.balance(tenant, "c1")).as("visible inside the transaction").isEqualTo(10);
            assertThat(store.findAccount(tenant, "c1", NOW)).as("invisible outside before commit").isEmpty();
            connection.rollback();

            assertThat(store.findAccount(tenant, "c1", NOW)).isEmpty();
            points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-2", "7", "EUR"));
            connection.commit();
            assertThat(rewardPoints().balance(tenant, "c1")).isEqualTo(7);
            assertThat(connection.getAutoCommit()).isFalse();
        }
    }

    /** The write-only credit (one call where the DDL has one) of an account that exists, joined. */
    @Test
    void joining_aCreditOfAnExistingAccount_rollsBackWithTheCallersTransaction() throws SQLException {
        rewardPoints().createAccount(tenant, "c1");
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            RewardPoints points = rewardPoints(store.joining(connection), Clock.fixed(NOW, ZoneOffset.UTC));

            points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "10", "EUR"));
            assertThat(points.balance(tenant, "c1")).as("visible inside the transaction").isEqualTo(10);
            connection.rollback();
        }

        assertThat(rewardPoints().balance(tenant, "c1")).as("nothing committed by the credit itself").isZero();
        assertThat(store.eventsAfter(0, 100_000)).as("no event of the rolled-back credit")
                .filteredOn(event -> event.tenant().equals(tenant)).extracting(EventRecord::type)
                .doesNotContain("CREDITED");
    }

    @Test
    void verify_reportsEveryFigureCorruptedThroughSql_andChangesNothing() throws SQLException {
        RewardPoints points = RewardPoints.builder().store(store).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .reversalPolicy(ReversalPolicy.ALLOW_NEGATIVE_BALANCE).build();
        String lot = points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "50", "EUR")).lot()
                .orElseThrow().id();
        String redemption = points.redeemPoints(RedeemPoints.of(tenant, "c1", 30)).id();
        points.orderReturned(OrderReturn.full(tenant, "o-1", "r-1")); // 20 from the lot, 30 as debt
        assertThat(points.verify(tenant, "c1").isClean()).as("before the corruption").isTrue();

        execute("UPDATE rp_lots SET remaining = remaining + 5 WHERE tenant = ? AND id = '" + lot + "'");
        execute("UPDATE rp_accounts SET debt = 7 WHERE tenant = ?");
        execute("UPDATE rp_allocations SET points = points - 1 WHERE tenant = ? AND debit_id = '" + redemption + "'");

        VerificationReport report = points.verify(tenant, "c1");
        assertThat(report.mismatches()).containsExactlyInAnyOrder(
                new VerificationReport.Mismatch("lot.remaining", lot, 5, 1),
                new VerificationReport.Mismatch("account.openPoints", "c1", 0, 5),
                new VerificationReport.Mismatch("debit.points", redemption, 30, 29),
                new VerificationReport.Mismatch("account.debt", "c1", 7, 30));
        assertThat(points.verify(tenant, "c1")).as("verifying changed nothing").isEqualTo(report);
        // put the rows back, so the invariants checked after each test hold
        execute("UPDATE rp_lots SET remaining = remaining - 5 WHERE tenant = ? AND id = '" + lot + "'");
        execute("UPDATE rp_accounts SET debt = 30 WHERE tenant = ?");
        execute("UPDATE rp_allocations SET points = points + 1 WHERE tenant = ? AND debit_id = '" + redemption + "'");
        assertThat(points.verify(tenant, "c1").isClean()).isTrue();
    }

    @Test
    void verify_reportsBalancesAfterCorruptedThroughSql_whereAnEntrysInstantIsItsOwn() throws SQLException {
        org.rewardpoints.testing.MutableClock clock = org.rewardpoints.testing.MutableClock.at("2025-01-01T00:00:00Z");
        RewardPoints points = RewardPoints.builder().store(store).clock(clock)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .reversalPolicy(ReversalPolicy.ALLOW_NEGATIVE_BALANCE).build();
        String lot = points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "50", "EUR")).lot()
                .orElseThrow().id();
        clock.advance(Duration.ofMinutes(1));
        String redemption = points.redeemPoints(RedeemPoints.of(tenant, "c1", 30)).id();
        clock.advance(Duration.ofMinutes(1));
        String reversal = points.orderReturned(OrderReturn.full(tenant, "o-1", "r-1")).debit().orElseThrow().id();
        clock.advance(Duration.ofMinutes(1));
        String settling = points.addPoints(AddPoints.of(tenant, "c1", 40)).id(); // settles the debt of 30
        assertThat(points.balance(tenant, "c1")).isEqualTo(10);
        assertThat(points.verify(tenant, "c1").isClean()).as("before the corruption").isTrue();

        execute("UPDATE rp_lots SET balance_after = 49 WHERE tenant = ? AND id = '" + lot + "'");
        execute("UPDATE rp_debits SET balance_after = 21 WHERE tenant = ? AND id = '" + redemption + "'");
        execute("UPDATE rp_debits SET balance_after = 0 WHERE tenant = ? AND id = '" + reversal + "'");
        execute("UPDATE rp_lots SET balance_after = 40 WHERE tenant = ? AND id = '" + settling + "'");

        assertThat(points.verify(tenant, "c1").mismatches()).containsExactlyInAnyOrder(
                new VerificationReport.Mismatch("entry.balanceAfter", lot, 49, 50),
                new VerificationReport.Mismatch("entry.balanceAfter", redemption, 21, 20),
                new VerificationReport.Mismatch("entry.balanceAfter", reversal, 0, -30),
                new VerificationReport.Mismatch("entry.balanceAfter", settling, 40, 10));
        execute("UPDATE rp_lots SET balance_after = 50 WHERE tenant = ? AND id = '" + lot + "'");
        execute("UPDATE rp_debits SET balance_after = 20 WHERE tenant = ? AND id = '" + redemption + "'");
        execute("UPDATE rp_debits SET balance_after = -30 WHERE tenant = ? AND id = '" + reversal + "'");
        execute("UPDATE rp_lots SET balance_after = 10 WHERE tenant = ? AND id = '" + settling + "'");
        assertThat(points.verify(tenant, "c1").isClean()).isTrue();
    }

    private void execute(String update) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setString(1, tenant);
            assertThat(statement.executeUpdate()).as(update).isPositive();
        }
    }

    @Test
    void joining_eventsCommitOrRollBackWithTheCallersTransaction() throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            LedgerStore joined = store.joining(connection);
            List<LedgerEvent> heard = new ArrayList<>();
            RewardPoints points = RewardPoints.builder().store(joined)
                    .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
            RewardPoints relay = RewardPoints.builder().store(store).settings(new InMemorySettingsStore())
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC)).listener(event -> {
                        if (event.tenant().equals(tenant)) {
                            heard.add(event);
                        }
                    }).build();
            points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-1", "10", "EUR"));
            relay.events().deliver();
            assertThat(heard).as("not before the caller's commit").isEmpty();
            connection.rollback();
            points.orderCompleted(OrderCompletion.of(tenant, "main", "c1", "o-2", "7", "EUR"));
            connection.commit();
            relay.events().deliver();

            assertThat(heard).as("the rolled-back change has no event").singleElement()
                    .satisfies(event -> assertThat(event.points()).isEqualTo(7));
        }
    }

    @Test
    void joining_aDuplicateKeyLeavesTheCallersTransactionUsable() throws SQLException {
        openAccount("c1", lot("c1", "l1", "add:x", 10, NOW, NOW.plus(Duration.ofDays(1))));
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            LedgerStore joined = store.joining(connection);
            joined.inAccount(tenant, "c2", session -> {
                session.insertAccount(new AccountRecord(tenant, "c2", 0, 0, NOW, 0, 0));
                return null;
            });

            assertThatThrownBy(() -> joined.inAccount(tenant, "c3", session -> {
                session.insertAccount(new AccountRecord(tenant, "c3", 0, 0, NOW, 0, 0));
                session.insertLot(lot("c3", "l3", "add:x", 10, NOW, NOW.plus(Duration.ofDays(1))));
                return null;
            })).isInstanceOf(DuplicateKeyException.class);
            connection.commit();
        }

        assertThat(store.findAccount(tenant, "c2", NOW)).isPresent();
        assertThat(store.findAccount(tenant, "c3", NOW)).isEmpty();
    }

    @Test
    void joining_refusesAConnectionInAutocommitMode() throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(true);
            LedgerStore joined = store.joining(connection);

            assertThatThrownBy(() -> joined.inAccount(tenant, "c1", session -> session.lockAccount(NOW)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("autocommit");
        }
    }

    @Test
    void autocommitAndIsolation_areRestoredAfterEveryOperation() throws SQLException {
        try (Connection physical = dataSource().getConnection()) {
            DataSource single = singleConnection(physical);
            JdbcLedgerStore serializable = storeBuilder(single).schemaMode(SchemaMode.NONE)
                    .dialect(store.dialect()).transactionIsolation(TransactionIsolation.SERIALIZABLE).build();
            for (boolean autoCommit : new boolean[] {true, false}) {
                physical.setAutoCommit(autoCommit);
                physical.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);

                serializable.inAccount(tenant, "c-" + autoCommit, session -> {
                    session.lockAccount(NOW);
                    session.insertAccount(new AccountRecord(tenant, "c-" + autoCommit, 0, 0, NOW, 0, 0));
                    return null;
                });
                serializable.findAccount(tenant, "c-" + autoCommit, NOW);
                assertThatThrownBy(() -> serializable.inAccount(tenant, "c-" + autoCommit, session -> {
                    throw new IllegalArgumentException("fails");
                })).isInstanceOf(IllegalArgumentException.class);

                assertThat(physical.getAutoCommit()).isEqualTo(autoCommit);
                assertThat(physical.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
                if (!autoCommit) {
                    physical.commit();
                }
            }
            assertThat(store.findAccount(tenant, "c-true", NOW)).isPresent();
            assertThat(store.findAccount(tenant, "c-false", NOW)).isPresent();
        }
    }

    /** Hands out the same physical connection every time, ignoring close: a pool that never resets state. */
    private static DataSource singleConnection(Connection physical) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(JdbcStoreBehaviourTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(JdbcStoreBehaviourTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}

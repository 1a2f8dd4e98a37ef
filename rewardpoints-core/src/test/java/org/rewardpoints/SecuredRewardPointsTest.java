package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;

/** Every secured operation against every kind of caller: allowed, or the exact refusal. */
class SecuredRewardPointsTest {
    private static final String T = "tenant";
    private static final String OTHER_TENANT = "tenant-2";

    /** Callers in the column order of the expectation table below. */
    private static final Map<String, Caller> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("no scope", Caller.employee(T));
        CALLERS.put("view", Caller.employee(T, Scopes.VIEW));
        CALLERS.put("manage", Caller.employee(T, Scopes.MANAGE));
        CALLERS.put("site", Caller.employee(T, Scopes.SITE_MANAGE));
        CALLERS.put("other customer", Caller.customer(T, "other"));
        CALLERS.put("same customer", Caller.customer(T, "c1"));
        CALLERS.put("other tenant", Caller.employee(OTHER_TENANT, Scopes.VIEW, Scopes.MANAGE, Scopes.SITE_MANAGE));
    }

    private static final String V = "scope " + Scopes.VIEW;
    private static final String M = "scope " + Scopes.MANAGE;
    private static final String S = "scope " + Scopes.SITE_MANAGE;

    private SecuredRewardPoints secured;
    private RewardPoints ledger;
    private String optionId;

    @BeforeEach
    void setUp() {
        InMemorySettingsStore settings = new InMemorySettingsStore();
        for (String tenant : List.of(T, OTHER_TENANT)) {
            settings.put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        }
        ledger = RewardPoints.builder().store(new InMemoryLedgerStore()).settings(settings)
                .clock(MutableClock.at("2024-01-15T10:00:00Z")).couponIssuer(new InMemoryCouponIssuer())
                .redemptionOptions(new InMemoryRedemptionOptionStore()).build();
        secured = new SecuredRewardPoints(ledger);
        ledger.addPoints(AddPoints.of(T, "c1", 500));
        ledger.addPoints(AddPoints.of(T, "c-delete", 5));
        optionId = ledger.createOption(T, draft()).id();
    }

    private static RedemptionOptionDraft draft() {
        return RedemptionOptionDraft.of("5 %", 50, CouponTemplate.percent("5 % off", "5"));
    }

    record Operation(String name, BiConsumer<SecuredRewardPointsTest, Caller> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Operation op(String name, BiConsumer<SecuredRewardPointsTest, Caller> call) {
        return new Operation(name, call);
    }

    /** Expected outcome per caller, in the order of {@link #CALLERS}. */
    static Stream<Arguments> table() {
        Map<Operation, List<String>> table = new LinkedHashMap<>();
        table.put(op("summaries", (t, c) -> t.secured.summaries(c, null, 10)),
                List.of(V, "ok", V, V, V, V, "ok"));
        table.put(op("balance", (t, c) -> t.secured.balance(c, "c1")),
                List.of(V, "ok", V, V, "denied", "ok", "not found"));
        table.put(op("summary", (t, c) -> t.secured.summary(c, "c1")),
                List.of(V, "ok", V, V, "denied", "ok", "not found"));
        table.put(op("balanceAsOf", (t, c) -> t.secured.balanceAsOf(c, "c1", t.ledger.clock().instant())),
                List.of(V, "ok", V, V, "denied", "ok", "not found"));
        table.put(op("lotsAsOf", (t, c) -> t.secured.lotsAsOf(c, "c1", t.ledger.clock().instant(), null, 10)),
                List.of(V, "ok", V, V, "denied", "ok", "not found"));
        table.put(op("expiringPoints", (t, c) -> t.secured.expiringPoints(c, "c1",
                        t.ledger.clock().instant().plus(java.time.Duration.ofDays(400)), java.time.ZoneOffset.UTC)),
                List.of(V, "ok", V, V, "denied", "ok", "not found"));
        table.put(op("quoteRedemption", (t, c) -> t.secured.quoteRedemption(c, "c1", 10)),
                List.of(V, "ok", V, V, "denied", "ok", "not found"));
        table.put(op("customersWithExpiringPoints", (t, c) -> t.secured.customersWithExpiringPoints(c,
                        t.ledger.clock().instant(), t.ledger.clock().instant().plus(java.time.Duration.ofDays(400)), null, 10)),
                List.of(V, "ok", V, V, V, V, "ok"));
        table.put(op("verify", (t, c) -> t.secured.verify(c, "c1")),
                List.of(V, "ok", V, V, V, V, "not found"));
        table.put(op("createAccount", (t, c) -> t.secured.createAccount(c, AddPoints.of(T, "new", 10))),
                List.of(M, M, "ok", M, M, M, "denied"));
        table.put(op("deleteAccount", (t, c) -> t.secured.deleteAccount(c, "c-delete")),
                List.of(M, M, "ok", M, M, M, "ok"));
        table.put(op("addPoints", (t, c) -> t.secured.addPoints(c, AddPoints.of(T, "c1", 10))),
                List.of(M, M, "ok", M, M, M, "denied"));
        table.put(op("redeemPoints", (t, c) -> t.secured.redeemPoints(c, RedeemPoints.of(T, "c1", 10))),
                List.of(M, M, "ok", M, M, M, "denied"));
        table.put(op("createOption", (t, c) -> t.secured.createOption(c, draft())),
                List.of(M, M, "ok", M, M, M, "ok"));
        table.put(op("listOptions", (t, c) -> t.secured.listOptions(c)),
                List.of("ok", "ok", "ok", "ok", "ok", "ok", "ok"));
        table.put(op("updateOption", (t, c) -> t.secured.updateOption(c, t.optionId, 1, draft())),
                List.of(M, M, "ok", M, M, M, "not found"));
        table.put(op("deleteOption", (t, c) -> t.secured.deleteOption(c, t.optionId, 1)),
                List.of(M, M, "ok", M, M, M, "not found"));
        table.put(op("redeemForCoupon", (t, c) -> t.secured.redeemForCoupon(c, "main", t.optionId, null)),
                List.of("denied", "denied", "denied", "denied", "not found", "ok", "denied"));

        table.put(op("settings", (t, c) -> t.secured.settings(c, "main")),
                List.of(S, S, S, "ok", S, S, "ok"));
        table.put(op("updateSettings", (t, c) -> t.secured.updateSettings(c, "main", SettingsPatch.EMPTY.withValidityInMonths(6))),
                List.of(S, S, S, "ok", S, S, "ok"));

        List<Arguments> cases = new ArrayList<>();
        List<String> callerNames = List.copyOf(CALLERS.keySet());
        table.forEach((operation, expected) -> {
            for (int i = 0; i < callerNames.size(); i++) {
                cases.add(Arguments.of(operation, callerNames.get(i), expected.get(i)));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("table")
    void operation_isAllowedOrRefusedExactly(Operation operation, String callerName, String expected) {
        Caller caller = CALLERS.get(callerName);
        PointsSummary before = ledger.summary(T, "c1");
        List<RedemptionOption> optionsBefore = ledger.listOptions(T);

        if (expected.equals("ok")) {
            operation.call().accept(this, caller);
            return;
        }
        if (expected.startsWith("scope ")) {
            String scope = expected.substring("scope ".length());
            assertThatThrownBy(() -> operation.call().accept(this, caller))
                    .isInstanceOfSatisfying(AccessDeniedException.class,
                            e -> assertThat(e.getMissingScope()).contains(scope))
                    .hasMessageContaining(scope);
        } else if (expected.equals("denied")) {
            assertThatThrownBy(() -> operation.call().accept(this, caller))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.getMissingScope()).isEmpty());
        } else {
            assertThatThrownBy(() -> operation.call().accept(this, caller)).isInstanceOf(NotFoundException.class);
        }
        assertThat(ledger.summary(T, "c1")).isEqualTo(before);
        assertThat(ledger.listOptions(T)).isEqualTo(optionsBefore);
        assertThat(ledger.balance(T, "c-delete")).isEqualTo(5);
        assertThat(ledger.settings(T, "main").validityInMonths()).isEqualTo(12);
    }
}

package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CreditResult;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;

/**
 * Input the library accepts must come back from the database exactly as given, or an idempotent
 * repeat stops recognising its first run and distinct ids merge. Two kinds of input did not:
 * amounts with more than six decimal places (the ledger stores NUMERIC(24,6), so a repeated
 * delivery of such an order was refused as a conflict with itself), and ids or texts holding an
 * unpaired UTF-16 surrogate (the PostgreSQL driver sends it as {@code ?}, so two customers
 * differing only there shared one account). Both are now refused before anything is stored.
 */
abstract class StoredInputFidelityTest {
    abstract DataSource dataSource();

    private final String tenant = "t-" + UUID.randomUUID();
    private RewardPoints ledger;

    @BeforeEach
    void setUp() {
        ledger = JdbcLibrary.Adapters.on(dataSource(), JdbcLibrary.createSchema(dataSource())).library(Clock.systemUTC());
        ledger.updateSettings(tenant, "main", JdbcLibrary.SETTINGS);
    }

    private OrderCompletion order(String orderId, String value) {
        return OrderCompletion.of(tenant, "main", "c", orderId, value, "EUR");
    }

    @Test
    void orderValueWithSevenDecimalPlaces_isRefusedBeforeAnythingIsStored() {
        Throwable first = catchThrowable(() -> ledger.orderCompleted(order("o-1", "10.1234567")));
        Throwable repeat = catchThrowable(() -> ledger.orderCompleted(order("o-1", "10.1234567")));

        assertThat(first).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getField()).isEqualTo("value"));
        assertThat(repeat).isInstanceOf(InvalidInputException.class);
        assertThat(JdbcLibrary.count(dataSource(), "SELECT COUNT(*) FROM rp_lots WHERE tenant = ?", tenant)).isZero();
    }

    @Test
    void refundWithSevenDecimalPlaces_isRefusedBeforeAnythingIsStored() {
        ledger.orderCompleted(order("o-1", "10"));

        Throwable first = catchThrowable(() -> ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r", "1.0000001", "EUR")));

        assertThat(first).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getField()).isEqualTo("refundedValue"));
        assertThat(JdbcLibrary.count(dataSource(), "SELECT COUNT(*) FROM rp_debits WHERE tenant = ?", tenant)).isZero();
    }

    @Test
    void amountsWithSixDecimalPlacesAndTrailingZeros_repeatAsAlreadyDone() {
        CreditResult credited = ledger.orderCompleted(order("o-1", "10.123456000"));
        CreditResult repeated = ledger.orderCompleted(order("o-1", "10.123456"));
        ReversalResult reversed = ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r", "5.0000000", "EUR"));
        ReversalResult reversedAgain = ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r", "5.000000", "EUR"));

        assertThat(credited.status()).isEqualTo(CreditResult.Status.CREDITED);
        assertThat(repeated.status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        assertThat(reversed.status()).isEqualTo(ReversalResult.Status.REVERSED);
        assertThat(reversedAgain.status()).isEqualTo(ReversalResult.Status.ALREADY_REVERSED);
        assertThat(ledger.balance(tenant, "c")).isEqualTo(10 - 4);
    }

    @Test
    void idsWithAnUnpairedSurrogate_areRefusedSoThatTheyCannotShareAnAccount() {
        Throwable high = catchThrowable(() -> ledger.addPoints(AddPoints.of(tenant, "x\uD800", 5)));
        Throwable low = catchThrowable(() -> ledger.addPoints(AddPoints.of(tenant, "x\uDBFF", 7)));
        Throwable description = catchThrowable(() -> ledger.addPoints(AddPoints.of(tenant, "x", 7)
                .withDescription("half \uDC00 a character")));

        assertThat(high).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getField()).isEqualTo("customerId"));
        assertThat(low).isInstanceOf(InvalidInputException.class);
        assertThat(description).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getField()).isEqualTo("description"));
        assertThat(JdbcLibrary.count(dataSource(), "SELECT COUNT(*) FROM rp_accounts WHERE tenant = ?", tenant)).isZero();
    }

    @Test
    void idsDifferingOnlyInCharactersBeyondTheBasicPlane_stayApartAndVerbatim() {
        ledger.addPoints(AddPoints.of(tenant, "x\uD83D\uDE00", 5).withDescription("grinning \uD83D\uDE00"));
        ledger.addPoints(AddPoints.of(tenant, "x\uD83D\uDE01", 7));

        assertThat(ledger.balance(tenant, "x\uD83D\uDE00")).isEqualTo(5);
        assertThat(ledger.balance(tenant, "x\uD83D\uDE01")).isEqualTo(7);
        assertThat(ledger.summaries(tenant, null, 10).items()).extracting(summary -> summary.customerId())
                .containsExactlyInAnyOrder("x\uD83D\uDE00", "x\uD83D\uDE01");
        assertThat(ledger.summary(tenant, "x\uD83D\uDE00").addedPointsList().get(0).description())
                .isEqualTo("grinning \uD83D\uDE00");
    }
}

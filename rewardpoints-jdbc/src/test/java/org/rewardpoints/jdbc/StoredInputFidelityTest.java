package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CreditResult;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;

/**
 * Input the library accepts must come back from the database exactly as given, or an idempotent
 * repeat stops recognising its first run. Amounts with more than six decimal places did not (the
 * ledger stores NUMERIC(24,6), so a repeated delivery of such an order was refused as a conflict
 * with itself); they are now refused before anything is stored.
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
}

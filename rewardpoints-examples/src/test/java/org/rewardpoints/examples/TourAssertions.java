package org.rewardpoints.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.rewardpoints.json.JsonSchemas;

/** Checks the printed output of {@link LoyaltyTour}, whichever backend ran it. */
final class TourAssertions {
    private static final String SUMMARY_HEADING = "10. Summary of customer C-1001 (the reference API's pointsSummaryOut):";

    private TourAssertions() {
    }

    /**
     * Asserts every numbered step (statuses, points, balances, the coupon code's shape) and the
     * summary JSON against the reference schema; returns the summary.
     */
    static JsonNode assertCompleteTour(String output, String backendDescription) throws Exception {
        List<String> all = Arrays.asList(output.split("\\R"));
        assertThat(all.get(0)).isEqualTo("Reward points tour, ledger on " + backendDescription);
        // a database kept from an earlier run: the tour removes the customer's account first
        List<String> lines = all.get(1).startsWith("(removed ") ? all.subList(1, all.size()) : all;
        assertThat(lines.subList(1, 11)).containsExactly(
                "1. Site 'main' of tenant 'acme': 1 point per EUR, valid 24 months, coupon prefix LOYAL",
                "2. Order O-1 completed, 120.50 EUR: CREDITED 120 points",
                "3. Order O-1 delivered again: ALREADY_CREDITED 120 points",
                "4. Order O-2 completed, 80.00 EUR: CREDITED 80 points",
                "5. Employee adds 50 bonus points: balance 250",
                "6. Employee creates redemption options: '10 EUR voucher' for 90 points (ABSOLUTE 10 EUR),"
                        + " '5 % off' for 50 points (PERCENT 5 %)",
                lines.get(7), // the coupon code is random: checked below
                "8. Order O-2 partly returned, 40.00 of 80.00 EUR refunded: REVERSED 40 points",
                "9. Balance of customer C-1001: 120 points",
                SUMMARY_HEADING);
        assertThat(lines.get(7)).matches(
                "7\\. Customer redeems '10 EUR voucher': coupon LOYAL-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}, balance 160");
        String couponCode = lines.get(7).replaceAll(".*coupon (\\S+),.*", "$1");

        String summaryJson = output.substring(output.indexOf(SUMMARY_HEADING) + SUMMARY_HEADING.length()).strip();
        JsonSchemas.assertValid("pointsSummaryOut", summaryJson);
        // the reference shape: the coupon code is an extension it never carries
        assertThat(summaryJson).doesNotContain(couponCode);
        JsonNode summary = new ObjectMapper().readTree(summaryJson);
        assertThat(summary.get("activePoints").asLong()).isEqualTo(120);
        JsonNode added = summary.get("summary").get("addedPointsList");
        assertThat(added).extracting(lot -> lot.get("points").asLong()).containsExactly(120L, 80L, 50L);
        // the voucher took its 90 points from the oldest order first; the return took 40 from its own order
        assertThat(added).extracting(lot -> lot.get("usedPoints").asLong()).containsExactly(90L, 40L, 0L);
        JsonNode redeemed = summary.get("summary").get("redeemedPointsList");
        assertThat(redeemed).extracting(debit -> debit.get("points").asLong()).containsExactly(90L, 40L);
        assertThat(redeemed).extracting(debit -> debit.get("allPointsAfterCreation").asLong()).containsExactly(160L, 120L);
        return summary;
    }
}

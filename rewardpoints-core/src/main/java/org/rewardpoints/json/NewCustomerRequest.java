package org.rewardpoints.json;

import org.rewardpoints.AddPoints;
import org.rewardpoints.internal.Checks;

/**
 * The reference API's {@code newCustomerIn}: create an account, with start points or empty.
 *
 * @param customerId  the customer whose account is created
 * @param startPoints the start points, or null for an empty account
 */
public record NewCustomerRequest(String customerId, AddPoints startPoints) {

    public NewCustomerRequest {
        Checks.id("customerId", customerId);
    }
}

package org.rewardpoints;

/**
 * The customer has no points account in the tenant. The message says how one comes to exist: a first
 * credit or {@link RewardPoints#createAccount}.
 */
public class AccountNotFoundException extends NotFoundException {
    private final String tenant;
    private final String customerId;

    public AccountNotFoundException(String tenant, String customerId) {
        super("No reward points account for customer '" + customerId + "' in tenant '" + tenant + "': an account is"
                + " created by the customer's first credit (orderCompleted, addPoints) or by createAccount;"
                + " check the tenant and the customer id");
        this.tenant = tenant;
        this.customerId = customerId;
    }

    public String getTenant() {
        return tenant;
    }

    public String getCustomerId() {
        return customerId;
    }
}

package org.rewardpoints;

/** The customer has no points account in the tenant. */
public class AccountNotFoundException extends NotFoundException {
    private final String tenant;
    private final String customerId;

    public AccountNotFoundException(String tenant, String customerId) {
        super("No reward points account for customer '" + customerId + "' in tenant '" + tenant + "'");
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

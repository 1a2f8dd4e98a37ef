package org.rewardpoints;

/** An account was to be created but the customer already has one. */
public class AccountAlreadyExistsException extends ConflictException {
    private final String tenant;
    private final String customerId;

    public AccountAlreadyExistsException(String tenant, String customerId) {
        super("Customer '" + customerId + "' of tenant '" + tenant + "' already has a reward points account");
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

package org.rewardpoints;

/** No redemption option with that id in the tenant. */
public class RedemptionOptionNotFoundException extends NotFoundException {
    private final String tenant;
    private final String optionId;

    public RedemptionOptionNotFoundException(String tenant, String optionId) {
        super("No redemption option '" + optionId + "' in tenant '" + tenant + "'");
        this.tenant = tenant;
        this.optionId = optionId;
    }

    public String getTenant() {
        return tenant;
    }

    public String getOptionId() {
        return optionId;
    }
}

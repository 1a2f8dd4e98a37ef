package org.rewardpoints;

/**
 * No redemption option with that id in the tenant. The message points to
 * {@link RewardPoints#listOptions} and {@link RewardPoints#createOption}.
 */
public class RedemptionOptionNotFoundException extends NotFoundException {
    private final String tenant;
    private final String optionId;

    public RedemptionOptionNotFoundException(String tenant, String optionId) {
        super("No redemption option '" + optionId + "' in tenant '" + tenant + "': it was deleted or never created;"
                + " RewardPoints.listOptions(tenant) lists the options that exist, createOption adds one");
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

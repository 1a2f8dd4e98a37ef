package org.rewardpoints;

/** Something named by the caller (account, site, order, option) does not exist. */
public class NotFoundException extends RewardPointsException {
    public NotFoundException(String message) {
        super(message);
    }
}

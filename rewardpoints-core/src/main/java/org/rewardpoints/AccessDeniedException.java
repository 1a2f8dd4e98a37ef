package org.rewardpoints;

import java.util.Optional;

/** The caller may not perform the operation: a scope is missing, or the data is not theirs. */
public class AccessDeniedException extends RewardPointsException {
    private final String missingScope;

    public AccessDeniedException(String missingScope, String message) {
        super(message);
        this.missingScope = missingScope;
    }

    public static AccessDeniedException missingScope(String scope) {
        return new AccessDeniedException(scope, "Missing required scope '" + scope + "'");
    }

    /** The scope that would have allowed the call, when a scope was the reason. */
    public Optional<String> getMissingScope() {
        return Optional.ofNullable(missingScope);
    }
}

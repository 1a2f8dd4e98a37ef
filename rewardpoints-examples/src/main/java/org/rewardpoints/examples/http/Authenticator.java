package org.rewardpoints.examples.http;

import java.util.Optional;
import org.rewardpoints.Caller;

/**
 * Resolves a bearer token to the {@link Caller} it stands for. Plug in your identity provider
 * here (introspect an opaque token, or verify a JWT and read its tenant, scopes and customer id);
 * the server then leaves every access decision to {@link org.rewardpoints.SecuredRewardPoints}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param bearerToken the token after {@code Authorization: Bearer }, never blank
     * @return the caller, or empty when the token is unknown, expired or otherwise invalid
     */
    Optional<Caller> authenticate(String bearerToken);
}

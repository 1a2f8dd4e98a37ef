package org.rewardpoints.json;

import org.rewardpoints.InvalidInputException;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.internal.Checks;

/**
 * A {@code redeemOption} request body: what to create or update, and for an update the version
 * that was read ({@code metadata.version}).
 *
 * @param draft   the option's content
 * @param version the version an update is based on, &gt; 0; null when the body has none (a create)
 */
public record RedemptionOptionRequest(RedemptionOptionDraft draft, Long version) {

    public RedemptionOptionRequest {
        Checks.required("draft", draft);
        if (version != null && version < 1) {
            throw new InvalidInputException("metadata.version", version, "must be greater than 0");
        }
    }
}

package org.rewardpoints;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.spi.RedemptionOptionStore;

/** Redemption options: what points can be exchanged for. Versioned; a stale version is a conflict. */
final class Options {
    private final RedemptionOptionStore options;
    private final Units units;
    private final IdGenerator ids;

    Options(RedemptionOptionStore options, Units units, IdGenerator ids) {
        this.options = options;
        this.units = units;
        this.ids = ids;
    }

    RedemptionOption create(String tenant, RedemptionOptionDraft draft) {
        Checks.id("tenant", tenant);
        Checks.required("draft", draft);
        Instant now = units.now();
        RedemptionOption option = new RedemptionOption(ids.next(), tenant, draft.name(), draft.description(),
                draft.points(), draft.coupon(), 1, now, now);
        store().insert(option);
        return option;
    }

    List<RedemptionOption> list(String tenant) {
        return store().list(Checks.id("tenant", tenant));
    }

    RedemptionOption find(String tenant, String optionId) {
        Checks.id("tenant", tenant);
        Checks.id("optionId", optionId);
        return store().find(tenant, optionId).orElseThrow(() -> new RedemptionOptionNotFoundException(tenant, optionId));
    }

    /** The option, or empty; for reads that decide later whether its absence matters. */
    Optional<RedemptionOption> findIfAny(String tenant, String optionId) {
        return store().find(tenant, optionId);
    }

    RedemptionOption update(String tenant, String optionId, long version, RedemptionOptionDraft draft) {
        Checks.required("draft", draft);
        RedemptionOption current = find(tenant, optionId);
        RedemptionOption updated = new RedemptionOption(optionId, tenant, draft.name(), draft.description(),
                draft.points(), draft.coupon(), version + 1, current.createdAt(), units.now());
        if (current.version() != version || !store().update(updated, version)) {
            throw staleOrMissing(tenant, optionId, version);
        }
        return updated;
    }

    void delete(String tenant, String optionId, long version) {
        Checks.id("tenant", tenant);
        Checks.id("optionId", optionId);
        if (!store().delete(tenant, optionId, version)) {
            throw staleOrMissing(tenant, optionId, version);
        }
    }

    private RewardPointsException staleOrMissing(String tenant, String optionId, long version) {
        return store().find(tenant, optionId)
                .<RewardPointsException>map(now -> new StaleVersionException(optionId, version, now.version()))
                .orElseGet(() -> new RedemptionOptionNotFoundException(tenant, optionId));
    }

    private RedemptionOptionStore store() {
        if (options == null) {
            throw new IllegalStateException("No redemption option store configured: RewardPoints.builder().redemptionOptions(...)");
        }
        return options;
    }
}

package org.rewardpoints.spi;

import java.util.List;
import java.util.Optional;
import org.rewardpoints.RedemptionOption;

/**
 * Storage of redemption options per tenant. Thread-safe; every method is atomic on its own.
 * Versions are compared and set by the store so that of several updates carrying the same
 * version exactly one wins, also across JVMs sharing a database.
 */
public interface RedemptionOptionStore {

    /**
     * Inserts a new option.
     *
     * @throws DuplicateKeyException when the id is taken in the tenant
     */
    void insert(RedemptionOption option);

    Optional<RedemptionOption> find(String tenant, String id);

    /** The tenant's options, oldest first. */
    List<RedemptionOption> list(String tenant);

    /**
     * Replaces the option when its stored version is {@code expectedVersion}.
     *
     * @return false when the option is missing or its version differs; nothing changed then
     */
    boolean update(RedemptionOption option, long expectedVersion);

    /**
     * Deletes the option when its stored version is {@code expectedVersion}.
     *
     * @return false when the option is missing or its version differs; nothing changed then
     */
    boolean delete(String tenant, String id, long expectedVersion);
}

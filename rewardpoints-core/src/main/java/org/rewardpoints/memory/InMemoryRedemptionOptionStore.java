package org.rewardpoints.memory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.RedemptionOptionStore;

/** A thread-safe {@link RedemptionOptionStore} in memory. */
public final class InMemoryRedemptionOptionStore implements RedemptionOptionStore {
    private record Key(String tenant, String id) {
    }

    private final ConcurrentHashMap<Key, RedemptionOption> options = new ConcurrentHashMap<>();

    @Override
    public void insert(RedemptionOption option) {
        if (options.putIfAbsent(new Key(option.tenant(), option.id()), option) != null) {
            throw new DuplicateKeyException("Redemption option '" + option.id() + "' exists in tenant '" + option.tenant() + "'");
        }
    }

    @Override
    public Optional<RedemptionOption> find(String tenant, String id) {
        return Optional.ofNullable(options.get(new Key(tenant, id)));
    }

    @Override
    public List<RedemptionOption> list(String tenant) {
        return options.values().stream().filter(option -> option.tenant().equals(tenant))
                .sorted(Comparator.comparing(RedemptionOption::createdAt).thenComparing(RedemptionOption::id)).toList();
    }

    @Override
    public boolean update(RedemptionOption option, long expectedVersion) {
        Key key = new Key(option.tenant(), option.id());
        RedemptionOption current = options.get(key);
        return current != null && current.version() == expectedVersion && options.replace(key, current, option);
    }

    @Override
    public boolean delete(String tenant, String id, long expectedVersion) {
        Key key = new Key(tenant, id);
        RedemptionOption current = options.get(key);
        return current != null && current.version() == expectedVersion && options.remove(key, current);
    }
}

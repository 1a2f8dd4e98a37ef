package org.rewardpoints;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Cursors;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/** Reading accounts: balances, summaries and their pages, all customers of a tenant. */
final class History {
    /** Page size of paged reads when the caller gives none. */
    static final int DEFAULT_PAGE_SIZE = 100;
    /** Largest page a caller may ask for. */
    static final int MAX_PAGE_SIZE = 1000;

    private final Units units;

    History(Units units) {
        this.units = units;
    }

    private LedgerStore store() {
        return units.store();
    }

    AccountRecord account(String tenant, String customerId) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        return store().findAccount(tenant, customerId, units.now())
                .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
    }

    PointsSummary summary(String tenant, String customerId) {
        AccountRecord account = account(tenant, customerId);
        return new PointsSummary(customerId, account.activePoints(),
                allPages(cursor -> addedPoints(tenant, customerId, cursor, MAX_PAGE_SIZE)),
                allPages(cursor -> redeemedPoints(tenant, customerId, cursor, MAX_PAGE_SIZE)), account.pendingPoints());
    }

    private static <T> List<T> allPages(Function<String, Page<T>> pageAfter) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = pageAfter.apply(cursor);
            items.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return items;
    }

    Page<AddedPoints> addedPoints(String tenant, String customerId, String cursor, int limit) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        List<LotRecord> lots = store().lots(tenant, customerId, Cursors.decodeHistory(cursor), pageSize(limit));
        Map<String, List<AllocationRecord>> allocationsByLot = lots.isEmpty() ? Map.of()
                : store().confirmedAllocationsOfLots(tenant, customerId, lots.stream().map(LotRecord::id).toList())
                        .stream().collect(Collectors.groupingBy(AllocationRecord::lotId));
        List<AddedPoints> items = lots.stream()
                .map(lot -> Views.added(lot, allocationsByLot.getOrDefault(lot.id(), List.of()))).toList();
        LotRecord last = lots.isEmpty() ? null : lots.get(lots.size() - 1);
        return page(items, limit, last == null ? null : new HistoryCursor(last.createdAt(), last.id()));
    }

    Page<RedeemedPoints> redeemedPoints(String tenant, String customerId, String cursor, int limit) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        List<DebitRecord> debits = store().confirmedDebits(tenant, customerId, Cursors.decodeHistory(cursor),
                pageSize(limit));
        List<RedeemedPoints> items = debits.stream().map(Views::redeemed).toList();
        DebitRecord last = debits.isEmpty() ? null : debits.get(debits.size() - 1);
        return page(items, limit, last == null ? null : new HistoryCursor(last.createdAt(), last.id()));
    }

    Page<PointsSummary> summaries(String tenant, String cursor, int limit) {
        Checks.id("tenant", tenant);
        List<String> customers = store().customerIds(tenant, Cursors.decode(cursor), pageSize(limit));
        List<PointsSummary> items = new ArrayList<>(customers.size());
        for (String customerId : customers) {
            try {
                items.add(summary(tenant, customerId));
            } catch (AccountNotFoundException deletedMeanwhile) {
                // the account was erased between listing and reading: it has no summary any more
            }
        }
        Optional<String> next = customers.size() < limit ? Optional.empty()
                : Optional.of(Cursors.encode(customers.get(customers.size() - 1)));
        return new Page<>(items, next);
    }

    Stream<PointsSummary> streamSummaries(String tenant) {
        Checks.id("tenant", tenant);
        Iterator<PointsSummary> iterator = new Iterator<>() {
            private Iterator<PointsSummary> current = List.<PointsSummary>of().iterator();
            private Optional<String> next = Optional.of("");

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next.isPresent()) {
                    Page<PointsSummary> page = summaries(tenant, next.get().isEmpty() ? null : next.get(),
                            DEFAULT_PAGE_SIZE);
                    current = page.items().iterator();
                    next = page.nextCursor();
                }
                return current.hasNext();
            }

            @Override
            public PointsSummary next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    /** The limit of a paged read, refused outside 1 to {@link #MAX_PAGE_SIZE}. */
    static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidInputException("limit", limit, "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return limit;
    }

    private static <T> Page<T> page(List<T> items, int limit, HistoryCursor last) {
        return new Page<>(items, items.size() < limit || last == null ? Optional.empty()
                : Optional.of(Cursors.encode(last)));
    }
}

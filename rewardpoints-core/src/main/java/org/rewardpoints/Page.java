package org.rewardpoints;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paged read.
 *
 * @param items      the page
 * @param nextCursor pass to the next call to continue; empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}

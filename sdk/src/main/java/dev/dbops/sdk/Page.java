package dev.dbops.sdk;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a list, with the totals the service sends in its {@code X-Total-Elements},
 * {@code X-Page-Number} and {@code X-Page-Size} headers.
 *
 * @param <T> the item type (a generated model)
 */
public final class Page<T> {

    private final List<T> items;
    private final int number;
    private final int size;
    private final Long totalElements;
    private final DbOpsResponse<?> response;

    Page(DbOpsResponse<?> response, List<T> items, int requestedNumber, int requestedSize) {
        this.response = response;
        this.items = items == null ? List.of() : List.copyOf(items);
        this.number = headerInt(response, "X-Page-Number", requestedNumber);
        this.size = headerInt(response, "X-Page-Size", requestedSize);
        Long total = null;
        try {
            total = response.header("X-Total-Elements").map(String::trim).map(Long::parseLong).orElse(null);
        } catch (NumberFormatException unreadable) {
            // no total: paging then ends on a short page
        }
        this.totalElements = total;
    }

    /**
     * The items of this page, in the server's order.
     *
     * @return the items, read-only; empty past the last page
     */
    public List<T> items() {
        return items;
    }

    /**
     * This page's number, from 0.
     *
     * @return the number the server sent in {@code X-Page-Number}, else the one asked for
     */
    public int number() {
        return number;
    }

    /**
     * The page size the server used.
     *
     * @return the size the server sent in {@code X-Page-Size}, else the one asked for
     */
    public int size() {
        return size;
    }

    /**
     * The number of items across all pages, when the server said.
     *
     * @return the total from {@code X-Total-Elements}, or empty when the server sent none (or one that is not
     *         a number)
     */
    public OptionalLong totalElements() {
        return totalElements == null ? OptionalLong.empty() : OptionalLong.of(totalElements);
    }

    /**
     * Whether another page may hold more items: false on a short page or once the total is reached.
     *
     * @return false when this page is empty or short, or ends at or past the total; true otherwise
     */
    public boolean hasNext() {
        if (items.isEmpty() || items.size() < size) {
            return false;
        }
        return totalElements == null || (long) (number + 1) * size < totalElements;
    }

    /**
     * Status, headers, request id and decoded body of the call that fetched this page.
     *
     * @return the response; for a migration state its body is the whole {@code MigrationStateOut}
     */
    public DbOpsResponse<?> response() {
        return response;
    }

    @Override
    public String toString() {
        return "Page{number=" + number + ", size=" + size + ", items=" + items.size()
                + ", totalElements=" + (totalElements == null ? "?" : totalElements) + "}";
    }

    private static int headerInt(DbOpsResponse<?> response, String name, int fallback) {
        try {
            return response.header(name).map(String::trim).map(Integer::parseInt).filter(v -> v >= 0).orElse(fallback);
        } catch (NumberFormatException unreadable) {
            return fallback;
        }
    }
}

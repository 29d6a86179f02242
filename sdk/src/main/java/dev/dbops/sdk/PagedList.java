package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A list call. Iterate it (or {@link #stream()} it) to walk every item: pages are fetched one at a
 * time as the iteration reaches them, so memory holds one page whatever the total. {@link #page(int)}
 * fetches a single page with its totals.
 *
 * @param <T> the item type (a generated model)
 */
public abstract class PagedList<T> implements Iterable<T> {

    /** Items per page when iterating, unless {@code pageSize} says otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    final Transport transport;
    final Operation operation;
    int pageSize = DEFAULT_PAGE_SIZE;
    Duration timeout;

    PagedList(Transport transport, Operation operation) {
        this.transport = transport;
        this.operation = operation;
    }

    /** Fetches one page (numbered from 0) with its totals. */
    public Page<T> page(int number) {
        validate();
        Validation.pageNumber(operation.id, number);
        int size = pageSize;
        DbOpsResponse<List<T>> response = transport.send(operation, target(), timeout, apis -> fetch(apis, number, size));
        return new Page<>(response, number, size);
    }

    /** Every item, fetching pages lazily as the iteration advances. */
    @Override
    public Iterator<T> iterator() {
        validate();
        return new Iterator<>() {
            private Page<T> page = null;
            private int index = 0;

            @Override
            public boolean hasNext() {
                while (page == null || index >= page.items().size()) {
                    if (page != null && !page.hasNext()) {
                        return false;
                    }
                    int wanted = page == null ? 0 : page.number() + 1;
                    Page<T> previous = page;
                    page = page(wanted);
                    index = 0;
                    // A server that ignores the page parameter (or a proxy that drops the query string)
                    // answers page 0 every time: without these checks the iteration never ended.
                    if (page.number() != wanted) {
                        throw notPaging(page, "asked for page " + wanted + ", the server answered page " + page.number());
                    }
                    if (previous != null && !page.items().isEmpty() && page.items().equals(previous.items())) {
                        throw notPaging(page, "the server answered the same page for pages " + previous.number()
                                + " and " + page.number());
                    }
                    if (page.items().isEmpty()) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
    }

    /** Every item as a sequential stream; pages are fetched as the stream is consumed. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Every item, all pages fetched now. Prefer iterating for large lists. */
    public List<T> toList() {
        List<T> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    private MalformedResponseException notPaging(Page<T> page, String what) {
        return new MalformedResponseException(operation.id, page.response().attempts(), operation.id + " " + target()
                + " failed: " + what + " (does the page parameter reach it?)", null);
    }

    void setPageSize(int size) {
        Validation.pageSize(operation.id, size);
        this.pageSize = size;
    }

    void setTimeout(Duration value) {
        this.timeout = Validation.timeout(operation.id, value);
    }

    abstract void validate();

    abstract String target();

    abstract ApiResponse<List<T>> fetch(Transport.Apis apis, int page, int limit) throws ApiException;
}

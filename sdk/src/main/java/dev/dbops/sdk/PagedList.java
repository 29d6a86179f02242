package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.SortOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A list call. Iterate it (or {@link #stream()} it) to walk every item: pages are fetched one at a
 * time as the iteration reaches them, so memory holds one page whatever the total. {@link #page(int)}
 * fetches one page with its totals; {@link #pageAsync(int)} does so asynchronously. Each page is
 * one call, with the list's options and the client's retries.
 *
 * @param <T> the item type (a generated model)
 * @param <S> the list's own type, returned by its setters
 */
public abstract class PagedList<T, S extends PagedList<T, S>> implements Iterable<T> {

    /** Items per page, when iterating and for {@link #page(int)}, unless {@link #pageSize} says otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    final Exchange exchange;
    final Operation operation;
    private final String target;
    private final Runnable validator;
    private final CallOptions options;
    int pageSize = DEFAULT_PAGE_SIZE;
    /** The last page an iteration of this list fetched (for a waiter's response), or null. */
    private volatile Page<T> lastPage;
    String searchTerm;
    SortOrder order;

    /**
     * @param target what the list is about, for logs and messages
     * @param validator checks the identifiers in the list's path
     */
    PagedList(Exchange exchange, Operation operation, String target, Runnable validator) {
        this.exchange = exchange;
        this.operation = operation;
        this.target = target;
        this.validator = validator;
        this.options = new CallOptions(operation.id());
    }

    /**
     * Items per page, 1 to 100 (default 100).
     *
     * @param pageSize items per page, for iterating and for {@link #page(int)}
     * @return this list
     */
    public S pageSize(int pageSize) {
        Validation.pageSize(operation.id(), pageSize);
        this.pageSize = pageSize;
        return self();
    }

    /**
     * Only items whose name or identifier contains this text.
     *
     * @param searchTerm the text, sent as {@code search_term}
     * @return this list
     */
    public S searchTerm(String searchTerm) {
        this.searchTerm = Validation.notNull(operation.id(), "searchTerm", searchTerm);
        return self();
    }

    /**
     * Ascending or descending.
     *
     * @param order {@link SortOrder#ASC} or {@link SortOrder#DESC}
     * @return this list
     */
    public S order(SortOrder order) {
        this.order = Validation.notNull(operation.id(), "order", order);
        return self();
    }

    /**
     * Each page's per-attempt timeout, as {@link Call#timeout}.
     *
     * @param timeout the per-attempt bound, a positive duration
     * @return this list
     */
    public S timeout(Duration timeout) {
        options.timeout(timeout);
        return self();
    }

    /**
     * Each page's deadline, retries included, as {@link Call#callTimeout}.
     *
     * @param deadline the bound on each page's call, a positive duration
     * @return this list
     */
    public S callTimeout(Duration deadline) {
        options.callTimeout(deadline);
        return self();
    }

    /**
     * An extra request header for each page, as {@link Call#header}.
     *
     * @param name the header name, an HTTP token other than the SDK's own headers
     * @param value the value, printable ASCII
     * @return this list
     */
    public S header(String name, String value) {
        options.header(name, value);
        return self();
    }

    /** The last page an iteration fetched, or null before any. */
    Page<T> lastPage() {
        return lastPage;
    }

    /** Takes a call's options for each page (a waiter's polls). */
    void copyOptions(CallOptions callOptions) {
        options.copyFrom(callOptions);
    }

    /**
     * Fetches one page (numbered from 0) with its totals.
     *
     * @param number the page, 0 for the first
     * @return the page, with the totals the server sent
     */
    public Page<T> page(int number) {
        return pageCall(number).execute();
    }

    /**
     * Fetches one page on the client's asynchronous executor, as {@link Call#executeAsync()}.
     *
     * @param number the page, 0 for the first
     * @return a future completed with the page, or exceptionally with the failure
     */
    public CompletableFuture<Page<T>> pageAsync(int number) {
        Call<Page<T>> call;
        try {
            call = pageCall(number);
        } catch (DbOpsException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return call.executeAsync();
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
                    lastPage = page;
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

    /**
     * Every item as a sequential stream; pages are fetched as the stream is consumed.
     *
     * @return the items in order, as the service lists them
     */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Every item, all pages fetched now. Prefer iterating for large lists.
     *
     * @return the items in order, in a new mutable list
     */
    public List<T> toList() {
        List<T> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + operation.id() + " " + target() + "}";
    }

    /** One page as a call with this list's options. */
    private Call<Page<T>> pageCall(int number) {
        validate();
        Validation.pageNumber(operation.id(), number);
        int size = pageSize;
        EncodedRequest<?> request = encodePage(number, size);
        return new PageCall<>(this, request, number, size);
    }

    private MalformedResponseException notPaging(Page<T> page, String what) {
        return new MalformedResponseException(operation.id(), page.response().attempts(), operation.id() + " " + target()
                + " failed: " + what + " (does the page parameter reach it?)", null);
    }

    @SuppressWarnings("unchecked")
    final S self() {
        return (S) this;
    }

    /** Checks the path's identifiers; throws {@link DbOpsValidationException} naming the field. */
    final void validate() {
        validator.run();
    }

    /** What the list is about, for logs and messages. */
    final String target() {
        return target;
    }

    /** The request for one page. */
    abstract EncodedRequest<?> encodePage(int page, int limit);

    /** The items of a page's decoded body. */
    abstract List<T> items(Object body);

    /** One page, sent as a call; the page's items come from the decoded body. */
    private static final class PageCall<T> extends Call<Page<T>> {
        private final PagedList<T, ?> list;
        private final EncodedRequest<?> request;
        private final int number;
        private final int size;

        PageCall(PagedList<T, ?> list, EncodedRequest<?> request, int number, int size) {
            super(list.exchange, list.operation);
            this.list = list;
            this.request = request;
            this.number = number;
            this.size = size;
            this.options.copyFrom(list.options);
        }

        @Override
        java.util.function.Supplier<DbOpsResponse<Page<T>>> prepare() {
            java.util.function.Supplier<? extends DbOpsResponse<?>> send = sending(request);
            Function<DbOpsResponse<?>, Page<T>> toPage = response -> new Page<>(response, list.items(response.body()), number, size);
            return () -> {
                DbOpsResponse<?> response = send.get();
                return new DbOpsResponse<>(response.status(), response.headers(), toPage.apply(response), response.attempts());
            };
        }

        @Override
        String target() {
            return list.target();
        }
    }
}

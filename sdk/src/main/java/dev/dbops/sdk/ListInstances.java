package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceFilter;
import dev.dbops.sdk.model.FilterType;
import dev.dbops.sdk.model.InstanceTag;
import dev.dbops.sdk.model.SortField;
import dev.dbops.sdk.model.SortOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lists a schema's instances ({@code POST .../instancelist}), optionally only those whose tags
 * match ({@link #withTags}) or do not match ({@link #withoutTags}). Iterate or {@code stream()} for
 * every instance, or {@code page(n)} for one page with its totals.
 */
public final class ListInstances extends PagedList<DbInstance> {

    private final SchemaRef schema;
    private final List<InstanceTag> filterTags = new ArrayList<>();
    private FilterType filterType;
    private String searchTerm;
    private SortField sort;
    private SortOrder order;
    private DbInstanceFilter filter;

    ListInstances(Transport transport, SchemaRef schema) {
        super(transport, Operation.LIST_INSTANCES);
        this.schema = schema;
    }

    /** Only instances carrying these tags ({@code "key:value"}; filter type Equals). */
    public ListInstances withTags(String... keyValues) {
        return filter(FilterType.EQUALS, keyValues);
    }

    /** Only instances not carrying these tags ({@code "key:value"}; filter type NotEquals). */
    public ListInstances withoutTags(String... keyValues) {
        return filter(FilterType.NOT_EQUALS, keyValues);
    }

    private ListInstances filter(FilterType type, String... keyValues) {
        if (filterType != null && filterType != type) {
            throw Validation.invalid(operation.id, "filterType", "mixes Equals and NotEquals",
                    "the service applies one filter type to all the tags of a list");
        }
        filterType = type;
        for (Map.Entry<String, String> tag : Validation.parseTags(operation.id, "instanceTags",
                List.of(Objects.requireNonNull(keyValues, "tags"))).entrySet()) {
            filterTags.add(new InstanceTag().key(tag.getKey()).value(tag.getValue()));
        }
        return this;
    }

    /** Only instances whose name or identifier contains this text. */
    public ListInstances searchTerm(String searchTerm) {
        this.searchTerm = Objects.requireNonNull(searchTerm, "searchTerm");
        return this;
    }

    /** Sort by name, updated or created (the service's default: created). */
    public ListInstances sort(SortField sort) {
        this.sort = Objects.requireNonNull(sort, "sort");
        return this;
    }

    /** Ascending or descending (the service's default: DESC). */
    public ListInstances order(SortOrder order) {
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    /** Items per page, 1 to 100 (default 100). */
    public ListInstances pageSize(int pageSize) {
        setPageSize(pageSize);
        return this;
    }

    /** A request timeout for each page of this list. */
    public ListInstances timeout(Duration timeout) {
        setTimeout(timeout);
        return this;
    }

    @Override
    void validate() {
        schema.validate();
        // The generated client writes an absent optional body as the JSON literal null; an empty
        // filter object is what "no filter" means to the service.
        DbInstanceFilter body = new DbInstanceFilter();
        if (!filterTags.isEmpty()) {
            body.filterType(filterType).instanceTags(List.copyOf(filterTags));
        }
        filter = body;
    }

    @Override
    String target() {
        return schema.target();
    }

    @Override
    ApiResponse<List<DbInstance>> fetch(Transport.Apis apis, int page, int limit) throws ApiException {
        return apis.instances().listDbInstancesWithHttpInfo(schema.org(), schema.project(), schema.identifier(),
                transport.accountId(), page, limit, searchTerm, sort, order, filter, null);
    }
}

package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbInstanceCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceFilter;
import dev.dbops.sdk.model.FilterType;
import dev.dbops.sdk.model.InstanceTag;
import dev.dbops.sdk.model.SortField;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists a schema's instances ({@code POST .../instancelist}), optionally only those whose tags
 * match ({@link #withTags}) or do not match ({@link #withoutTags}). Iterate or {@code stream()} for
 * every instance, or {@code page(n)} for one page with its totals.
 */
public final class ListInstances extends PagedList<DbInstance, ListInstances> {

    private final SchemaRef schema;
    private final List<InstanceTag> filterTags = new ArrayList<>();
    private FilterType filterType;
    private SortField sort;

    ListInstances(Exchange exchange, SchemaRef schema) {
        super(exchange, Operation.LIST_INSTANCES, schema.target(), () -> schema.validate(Operation.LIST_INSTANCES));
        this.schema = schema;
    }

    /**
     * Only instances carrying these tags ({@code "key:value"}, or a bare {@code "key"} for any
     * value of that key; filter type Equals).
     *
     * @param keyValues the tags, each {@code "key:value"} or {@code "key"}; added to those of earlier calls
     * @return this list
     */
    public ListInstances withTags(String... keyValues) {
        return filter(FilterType.EQUALS, keyValues);
    }

    /**
     * Only instances not carrying these tags (as {@link #withTags}; filter type NotEquals).
     *
     * @param keyValues the tags; one list cannot also have {@link #withTags}
     * @return this list
     */
    public ListInstances withoutTags(String... keyValues) {
        return filter(FilterType.NOT_EQUALS, keyValues);
    }

    private ListInstances filter(FilterType type, String... keyValues) {
        if (filterType != null && filterType != type) {
            throw Validation.invalid(operation.id(), "filterType", "mixes Equals and NotEquals",
                    "the service applies one filter type to all the tags of a list");
        }
        filterType = type;
        for (String keyValue : Validation.notNull(operation.id(), "instanceTags", keyValues)) {
            for (Map.Entry<String, String> tag : Validation.parseTags(operation.id(), "instanceTags",
                    java.util.Collections.singletonList(keyValue)).entrySet()) {
                // A bare "key" filters on the key, whatever its value: the service takes a tag without one.
                filterTags.add(keyValue.indexOf(':') < 0 ? new InstanceTag().key(tag.getKey())
                        : new InstanceTag().key(tag.getKey()).value(tag.getValue()));
            }
        }
        return this;
    }

    /**
     * Sort by name, updated or created (the service's default: created, newest first).
     *
     * @param sort {@link SortField#NAME}, {@link SortField#UPDATED} or {@link SortField#CREATED}
     * @return this list
     */
    public ListInstances sort(SortField sort) {
        this.sort = Validation.notNull(operation.id(), "sort", sort);
        return this;
    }



    @Override
    EncodedRequest<?> encodePage(int page, int limit) {
        // An empty filter object is what "no filter" means to the service.
        DbInstanceFilter filter = new DbInstanceFilter();
        if (!filterTags.isEmpty()) {
            filter.filterType(filterType).instanceTags(List.copyOf(filterTags));
        }
        return DbInstanceCodec.listDbInstances(schema.org(), schema.projectId(), schema.identifier(), filter, page,
                limit, searchTerm, sort, order);
    }

    @Override
    @SuppressWarnings("unchecked")
    List<DbInstance> items(Object body) {
        return (List<DbInstance>) body;
    }
}

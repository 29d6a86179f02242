package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbSchemaCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStateIn;
import dev.dbops.sdk.model.MigrationStateInstanceFilter;
import dev.dbops.sdk.model.MigrationStateOut;
import dev.dbops.sdk.model.MigrationStateSortField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which changesets of a schema reached which instances ({@code POST .../migrationstate}): the
 * schema's changesets, each with its status on every instance (deployed, not deployed, failed,
 * rolled back). Iterate for every changeset (pages fetched lazily, one page in memory), or
 * {@code page(n)} for one page; {@code page(n).response().body()} is the whole
 * {@link MigrationStateOut}, with the instances the page reports on.
 */
public final class MigrationStateList extends PagedList<ChangeSetState, MigrationStateList> {

    private final SchemaRef schema;
    private final List<String> instances = new ArrayList<>();
    private MigrationStateSortField sort;

    MigrationStateList(Exchange exchange, SchemaRef schema) {
        super(exchange, Operation.GET_MIGRATION_STATE, schema.target(), () -> schema.validate(Operation.GET_MIGRATION_STATE));
        this.schema = schema;
    }

    /**
     * Only the state on these instances (each changeset still listed, with these instances' statuses).
     *
     * @param instanceIdentifiers identifiers of the schema's instances; added to those of earlier calls
     * @return this list
     */
    public MigrationStateList instances(String... instanceIdentifiers) {
        for (String instance : Arrays.asList(Validation.notNull(operation.id(), "instances", instanceIdentifiers))) {
            Validation.identifier(operation.id(), "instances", instance);
            instances.add(instance);
        }
        return this;
    }

    /**
     * How the instances inside each changeset are ordered (the service's default: identifier, ascending).
     *
     * @param sort {@link MigrationStateSortField#IDENTIFIER}, {@code NAME}, {@code UPDATED} or {@code CREATED}
     * @return this list
     */
    public MigrationStateList sort(MigrationStateSortField sort) {
        this.sort = Validation.notNull(operation.id(), "sort", sort);
        return this;
    }



    @Override
    EncodedRequest<?> encodePage(int page, int limit) {
        return encode(schema, instances, sort, order, searchTerm, page, limit);
    }

    @Override
    List<ChangeSetState> items(Object body) {
        return changeSets(body);
    }

    /** The request of one page; shared with the instance's view of the same operation. */
    static EncodedRequest<MigrationStateOut> encode(SchemaRef schema, List<String> instances,
                                                    MigrationStateSortField sort, dev.dbops.sdk.model.SortOrder order,
                                                    String searchTerm, int page, int limit) {
        MigrationStateInstanceFilter filter = new MigrationStateInstanceFilter().sort(sort).order(order);
        if (!instances.isEmpty()) {
            filter.instances(List.copyOf(instances));
        }
        MigrationStateIn body = new MigrationStateIn();
        if (!filter.equals(new MigrationStateInstanceFilter())) {
            body.instanceFilter(filter);
        }
        return DbSchemaCodec.getMigrationState(schema.org(), schema.projectId(), schema.identifier(), body, page, limit,
                searchTerm);
    }

    static List<ChangeSetState> changeSets(Object body) {
        List<ChangeSetState> changeSets = ((MigrationStateOut) body).getChangeSets();
        return changeSets == null ? List.of() : changeSets;
    }
}

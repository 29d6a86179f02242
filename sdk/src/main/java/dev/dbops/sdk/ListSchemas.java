package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.model.SortField;
import dev.dbops.sdk.model.SortOrder;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Lists a project's schemas ({@code GET .../dbschema}). Iterate or {@code stream()} for every
 * schema (pages fetched lazily), or {@code page(n)} for one page with its totals.
 */
public final class ListSchemas extends PagedList<DbSchema> {

    private final String org;
    private final String project;
    private String searchTerm;
    private SortField sort;
    private SortOrder order;
    private MigrationType migrationType;

    ListSchemas(Transport transport, String org, String project) {
        super(transport, Operation.LIST_SCHEMAS);
        this.org = org;
        this.project = project;
    }

    /** Only schemas whose name or identifier contains this text. */
    public ListSchemas searchTerm(String searchTerm) {
        this.searchTerm = Objects.requireNonNull(searchTerm, "searchTerm");
        return this;
    }

    /** Sort by name, updated or created (the service's default: created). */
    public ListSchemas sort(SortField sort) {
        this.sort = Objects.requireNonNull(sort, "sort");
        return this;
    }

    /** Ascending or descending (the service's default: DESC). */
    public ListSchemas order(SortOrder order) {
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    /** Only schemas of this migration tool. */
    public ListSchemas migrationType(MigrationType migrationType) {
        this.migrationType = Objects.requireNonNull(migrationType, "migrationType");
        return this;
    }

    /** Items per page, 1 to 100 (default 100). */
    public ListSchemas pageSize(int pageSize) {
        setPageSize(pageSize);
        return this;
    }

    /** A request timeout for each page of this list. */
    public ListSchemas timeout(Duration timeout) {
        setTimeout(timeout);
        return this;
    }

    @Override
    void validate() {
        Validation.scope(operation.id, "org", org);
        Validation.scope(operation.id, "project", project);
    }

    @Override
    String target() {
        return org + "/" + project;
    }

    @Override
    ApiResponse<List<DbSchema>> fetch(Transport.Apis apis, int page, int limit) throws ApiException {
        return apis.schemas().listDbSchemasWithHttpInfo(org, project, transport.accountId(), page, limit,
                searchTerm, sort, order, migrationType, null);
    }
}

package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbSchemaCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.model.SortField;

import java.util.List;

/**
 * Lists a project's schemas ({@code GET .../dbschema}). Iterate or {@code stream()} for every
 * schema (pages fetched lazily), or {@code page(n)} for one page with its totals.
 */
public final class ListSchemas extends PagedList<DbSchema, ListSchemas> {

    private final Project project;
    private SortField sort;
    private MigrationType migrationType;

    ListSchemas(Exchange exchange, Project project) {
        super(exchange, Operation.LIST_SCHEMAS, project.target(), () -> project.validate(Operation.LIST_SCHEMAS.id()));
        this.project = project;
    }

    /**
     * Sort by name, updated or created (the service's default: created, newest first).
     *
     * @param sort {@link SortField#NAME}, {@link SortField#UPDATED} or {@link SortField#CREATED}
     * @return this list
     */
    public ListSchemas sort(SortField sort) {
        this.sort = Validation.notNull(operation.id(), "sort", sort);
        return this;
    }

    /**
     * Only schemas of this migration tool.
     *
     * @param migrationType {@link MigrationType#LIQUIBASE} or {@link MigrationType#FLYWAY}
     * @return this list
     */
    public ListSchemas migrationType(MigrationType migrationType) {
        this.migrationType = Validation.notNull(operation.id(), "migrationType", migrationType);
        return this;
    }



    @Override
    EncodedRequest<?> encodePage(int page, int limit) {
        return DbSchemaCodec.listDbSchemas(project.org(), project.project(), page, limit, searchTerm, sort, order,
                migrationType);
    }

    @Override
    @SuppressWarnings("unchecked")
    List<DbSchema> items(Object body) {
        return (List<DbSchema>) body;
    }
}

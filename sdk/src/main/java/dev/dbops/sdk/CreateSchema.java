package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.Changelog;
import dev.dbops.sdk.model.ChangelogScript;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Creates a database schema ({@code POST .../dbschema}). Required: a name and a changelog (git) or
 * a changelog script. {@code execute()} checks every rule before sending and returns the schema.
 */
public final class CreateSchema extends Call<DbSchema> {

    private static final String OP = Operation.CREATE_SCHEMA.id;

    private final String org;
    private final String project;
    private final String identifier;
    private final TagInput tags = new TagInput(OP, "tags");
    private final SchemaSource source = new SchemaSource();
    private String name;
    private MigrationType migrationType;
    private String service;
    private Boolean usePercona;
    private DbSchemaCreate body;

    CreateSchema(Transport transport, String org, String project, String identifier) {
        super(transport, Operation.CREATE_SCHEMA);
        this.org = org;
        this.project = project;
        this.identifier = identifier;
    }

    /** Display name, 1 to 128 characters. Required. */
    public CreateSchema name(String name) {
        this.name = name;
        return this;
    }

    /** Tags as Terraform writes them: {@code "env:prod"}, or {@code "key"} for an empty value. Replaces earlier tags. */
    public CreateSchema tags(String... keyValues) {
        tags.replace(keyValues);
        return this;
    }

    /** Tags as a map. Replaces earlier tags. */
    public CreateSchema tags(Map<String, String> tags) {
        this.tags.replace(tags);
        return this;
    }

    /** Adds one tag. */
    public CreateSchema tag(String key, String value) {
        tags.add(key, value);
        return this;
    }

    /** A changelog in a git repository (Terraform's {@code schema_source}); the type becomes Repository. */
    public CreateSchema changelog(Consumer<Changelog> changelog) {
        Changelog value = new Changelog();
        changelog.accept(value);
        return changelog(value);
    }

    /** A changelog in a git repository, as a model. */
    public CreateSchema changelog(Changelog changelog) {
        source.changelog = Objects.requireNonNull(changelog, "changelog");
        return this;
    }

    /** A changelog fetched by a script (Terraform's {@code changelog_script}); the type becomes Script. */
    public CreateSchema changelogScript(Consumer<ChangelogScript> script) {
        ChangelogScript value = new ChangelogScript();
        script.accept(value);
        return changelogScript(value);
    }

    /** A changelog fetched by a script, as a model. */
    public CreateSchema changelogScript(ChangelogScript script) {
        source.script = Objects.requireNonNull(script, "changelogScript");
        return this;
    }

    /** Which changelog the schema uses; needed only when both kinds are given. */
    public CreateSchema type(DbSchemaType type) {
        source.explicitType = Objects.requireNonNull(type, "type");
        return this;
    }

    /** The migration tool (the service assumes Liquibase). Cannot change after creation. */
    public CreateSchema migrationType(MigrationType migrationType) {
        this.migrationType = Objects.requireNonNull(migrationType, "migrationType");
        return this;
    }

    /** Shorthand for {@code migrationType(MigrationType.LIQUIBASE)}. */
    public CreateSchema liquibase() {
        return migrationType(MigrationType.LIQUIBASE);
    }

    /** Shorthand for {@code migrationType(MigrationType.FLYWAY)}. */
    public CreateSchema flyway() {
        return migrationType(MigrationType.FLYWAY);
    }

    /** The Harness service the schema belongs to. */
    public CreateSchema service(String service) {
        this.service = service;
        return this;
    }

    /** Apply changes with Percona online schema change. */
    public CreateSchema usePercona(boolean usePercona) {
        this.usePercona = usePercona;
        return this;
    }

    @Override
    public CreateSchema timeout(Duration timeout) {
        super.timeout(timeout);
        return this;
    }

    /** The body {@code execute()} would send, after checking every rule; nothing is sent. */
    public DbSchemaCreate toRequestBody() {
        Validation.scope(OP, "org", org);
        Validation.scope(OP, "project", project);
        Validation.identifier(OP, "identifier", identifier);
        Validation.name(OP, "name", name, true);
        DbSchemaType type = source.resolve(OP, true);
        return new DbSchemaCreate()
                .identifier(identifier)
                .name(name)
                .tags(tags.value())
                .type(type)
                .migrationType(migrationType)
                .changelog(source.changelog)
                .changeLogScript(source.script)
                .service(service)
                .usePercona(usePercona);
    }

    @Override
    void validate() {
        body = toRequestBody();
    }

    @Override
    String target() {
        return org + "/" + project + "/" + identifier;
    }

    @Override
    ApiResponse<DbSchema> invoke(Transport.Apis apis) throws ApiException {
        return apis.schemas().createDbSchemaWithHttpInfo(org, project, body, transport.accountId(), null);
    }
}

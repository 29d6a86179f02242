package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceCreate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Creates a database instance bound to a schema ({@code POST .../dbschema/{schema}/instance}).
 * Required: a name and a JDBC connector; at most one of branch, commitSha and gitTag.
 */
public final class CreateInstance extends Call<DbInstance> {

    private static final String OP = Operation.CREATE_INSTANCE.id;

    private final SchemaRef schema;
    private final String identifier;
    private final TagInput tags = new TagInput(OP, "tags");
    private final Revision revision = new Revision();
    private String name;
    private String connector;
    private String context;
    private Map<String, String> substituteProperties;
    private DbInstanceCreate body;

    CreateInstance(Transport transport, SchemaRef schema, String identifier) {
        super(transport, Operation.CREATE_INSTANCE);
        this.schema = schema;
        this.identifier = identifier;
    }

    /** Display name, 1 to 128 characters. Required. */
    public CreateInstance name(String name) {
        this.name = name;
        return this;
    }

    /** Tags as Terraform writes them: {@code "env:prod"}, or {@code "key"}. Replaces earlier tags. */
    public CreateInstance tags(String... keyValues) {
        tags.replace(keyValues);
        return this;
    }

    /** Tags as a map. Replaces earlier tags. */
    public CreateInstance tags(Map<String, String> tags) {
        this.tags.replace(tags);
        return this;
    }

    /** Adds one tag. */
    public CreateInstance tag(String key, String value) {
        tags.add(key, value);
        return this;
    }

    /** Track this git branch of the changelog (for example {@code main}). */
    public CreateInstance branch(String branch) {
        revision.branch = Objects.requireNonNull(branch, "branch");
        return this;
    }

    /** Pin the changelog to this commit. */
    public CreateInstance commitSha(String commitSha) {
        revision.commitSha = Objects.requireNonNull(commitSha, "commitSha");
        return this;
    }

    /** Pin the changelog to this git tag. */
    public CreateInstance gitTag(String gitTag) {
        revision.gitTag = Objects.requireNonNull(gitTag, "gitTag");
        return this;
    }

    /** The JDBC connector of the database (for example {@code pg}). Required. */
    public CreateInstance connector(String connector) {
        this.connector = connector;
        return this;
    }

    /** The Liquibase context, a logical environment label (for example {@code production}). */
    public CreateInstance context(String context) {
        this.context = context;
        return this;
    }

    /** Values substituted into the changelog's properties. Replaces earlier ones. */
    public CreateInstance substituteProperties(Map<String, String> properties) {
        this.substituteProperties = new LinkedHashMap<>(Objects.requireNonNull(properties, "substituteProperties"));
        return this;
    }

    /** Adds one substituted property. */
    public CreateInstance substituteProperty(String key, String value) {
        if (substituteProperties == null) {
            substituteProperties = new LinkedHashMap<>();
        }
        substituteProperties.put(key, value);
        return this;
    }

    @Override
    public CreateInstance timeout(Duration timeout) {
        super.timeout(timeout);
        return this;
    }

    /** The body {@code execute()} would send, after checking every rule; nothing is sent. */
    public DbInstanceCreate toRequestBody() {
        schema.validate();
        Validation.identifier(OP, "identifier", identifier);
        Validation.name(OP, "name", name, true);
        Validation.notBlank(OP, "connector", connector, "an instance needs the identifier of its JDBC connector");
        revision.check(OP);
        Validation.properties(OP, "substituteProperties", substituteProperties);
        return new DbInstanceCreate()
                .identifier(identifier)
                .name(name)
                .tags(tags.value())
                .branch(revision.branch)
                .commitSha(revision.commitSha)
                .gitTag(revision.gitTag)
                .connector(connector)
                .context(context)
                .substituteProperties(substituteProperties == null ? null : new LinkedHashMap<>(substituteProperties));
    }

    @Override
    void validate() {
        body = toRequestBody();
    }

    @Override
    String target() {
        return schema.target() + "/" + identifier;
    }

    @Override
    ApiResponse<DbInstance> invoke(Transport.Apis apis) throws ApiException {
        return apis.instances().createDbInstanceWithHttpInfo(schema.org(), schema.project(), schema.identifier(),
                body, transport.accountId(), null);
    }
}

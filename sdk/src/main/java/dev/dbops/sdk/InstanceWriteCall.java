package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceUpdate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an instance's create and update share: the changelog revision it tracks (at most one of
 * branch, commitSha and gitTag), its JDBC connector, its Liquibase context and substituted properties.
 *
 * @param <S> the builder's own type, returned by its setters
 */
public abstract class InstanceWriteCall<S extends InstanceWriteCall<S>> extends WriteCall<DbInstance, S> {

    final InstanceRef instance;
    final Revision revision = new Revision();
    String connector;
    String context;
    Map<String, String> substituteProperties;

    InstanceWriteCall(Exchange exchange, Operation operation, InstanceRef instance) {
        super(exchange, operation);
        this.instance = instance;
    }

    /**
     * Track this git branch of the changelog (for example {@code main}).
     *
     * @param branch the branch name, not blank
     * @return this call
     */
    public S branch(String branch) {
        revision.branch = Validation.notNull(operation.id(), "branch", branch);
        return self();
    }

    /**
     * Pin the changelog to this commit.
     *
     * @param commitSha the commit's sha, not blank
     * @return this call
     */
    public S commitSha(String commitSha) {
        revision.commitSha = Validation.notNull(operation.id(), "commitSha", commitSha);
        return self();
    }

    /**
     * Pin the changelog to this git tag.
     *
     * @param gitTag the tag name, not blank
     * @return this call
     */
    public S gitTag(String gitTag) {
        revision.gitTag = Validation.notNull(operation.id(), "gitTag", gitTag);
        return self();
    }

    /**
     * The JDBC connector of the database (for example {@code pg}); a create requires one.
     *
     * @param connector the connector's identifier in Harness, not blank
     * @return this call
     */
    public S connector(String connector) {
        this.connector = Validation.notNull(operation.id(), "connector", connector);
        return self();
    }

    /**
     * The Liquibase context, a logical environment label (for example {@code production}).
     *
     * @param context the context label
     * @return this call
     */
    public S context(String context) {
        this.context = Validation.notNull(operation.id(), "context", context);
        return self();
    }

    /**
     * Values substituted into the changelog's properties; replaces earlier ones (on an update, the current ones).
     *
     * @param properties property names (not blank) to values (not null), copied
     * @return this call
     */
    public S substituteProperties(Map<String, String> properties) {
        this.substituteProperties = new LinkedHashMap<>(Validation.notNull(operation.id(), "substituteProperties", properties));
        return self();
    }

    /**
     * Adds one substituted property.
     *
     * @param key the property's name, not blank
     * @param value its value, not null
     * @return this call
     */
    public S substituteProperty(String key, String value) {
        Validation.notNull(operation.id(), "substituteProperties key", key);
        Validation.notNull(operation.id(), "substituteProperties." + key, value);
        if (substituteProperties == null) {
            substituteProperties = new LinkedHashMap<>();
        }
        substituteProperties.put(key, value);
        return self();
    }

    /** Sets every shared field the body sets. */
    S copy(DbInstanceUpdate body) {
        name = body.getName();
        if (body.getTags() != null) {
            tags(body.getTags());
        }
        revision.branch = body.getBranch();
        revision.commitSha = body.getCommitSha();
        revision.gitTag = body.getGitTag();
        connector = body.getConnector();
        context = body.getContext();
        substituteProperties = body.getSubstituteProperties() == null ? null : new LinkedHashMap<>(body.getSubstituteProperties());
        return self();
    }

    @Override
    String target() {
        return instance.target();
    }

    /** The rules both share, checked before the body is made. */
    void checkShared(boolean create) {
        String op = operation.id();
        if (create) {
            instance.schema().validate(operation);
            Validation.identifier(op, "identifier", instance.identifier());
        } else {
            instance.validate(operation);
        }
        Validation.name(op, "name", name, create);
        if (create || connector != null) {
            Validation.notBlank(op, "connector", connector, "an instance needs the identifier of its JDBC connector");
        }
        revision.check(op);
        Validation.properties(op, "substituteProperties", substituteProperties);
    }

    /** The properties to send: a copy, or null when none were given. */
    Map<String, String> propertiesToSend() {
        return substituteProperties == null ? null : new LinkedHashMap<>(substituteProperties);
    }
}

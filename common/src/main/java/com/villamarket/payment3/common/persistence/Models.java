package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.once.StepState;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the table models share: the enhanced client over the container's one low-level client, a builder
 * of static (reflection-free) immutable schemas, and the mapping of a stored item that is not in the
 * model's shape to a {@link StoredDataException}.
 */
final class Models {

    /** A once-only step's map attribute, read only: steps are written by {@code OnceOnly}'s conditional writes alone. */
    static final AttributeConverter<StepState> STEP = new AttributeConverter<>() {
        @Override
        public AttributeValue transformFrom(StepState input) {
            throw new UnsupportedOperationException("a step is written by OnceOnly alone");
        }

        @Override
        public StepState transformTo(AttributeValue input) {
            return StepState.of(Map.of("step", input), "step");
        }

        @Override
        public EnhancedType<StepState> type() {
            return EnhancedType.of(StepState.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.M;
        }
    };

    private Models() {
    }

    /**
     * The enhanced client over {@code dynamoDb}, with no extensions: no item of ours is versioned or
     * counted by the client, so each of its calls is exactly one call of the low-level client.
     */
    static DynamoDbEnhancedClient enhanced(DynamoDbClient dynamoDb) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).extensions().build();
    }

    /**
     * Runs a read that maps stored items to a model: a stored item the model cannot read is our own bad
     * data, a {@link StoredDataException} naming the table; DynamoDB's own errors pass as they are.
     */
    static <T> T read(String table, Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw e;
        } catch (StoredDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoredDataException("an item of " + table + " is not in the stored shape: " + e.getMessage(), e);
        }
    }

    /** One stored item as a model, as {@link #read(String, Supplier)} maps it. */
    static <T> T read(String table, TableSchema<T> schema, Map<String, AttributeValue> item) {
        return read(table, () -> schema.mapToItem(item));
    }

    /**
     * Every item whose hash key (the table's, or an index's) is {@code key}, over every page: read
     * consistently from a table, eventually from an index (which cannot do better).
     *
     * @param index the index to query; null for the table itself
     */
    static <T> List<T> queryEqual(DynamoDbTable<T> table, String index, Key key) {
        QueryEnhancedRequest request = QueryEnhancedRequest.builder().queryConditional(QueryConditional.keyEqualTo(key))
                .consistentRead(index == null ? Boolean.TRUE : null).build();
        return read(table.tableName(), () -> index == null
                ? table.query(request).items().stream().toList()
                : table.index(index).query(request).stream().flatMap(page -> page.items().stream()).toList());
    }

    /** The key of a table or index whose hash key is an S attribute. */
    static Key key(String value) {
        return Key.builder().partitionValue(value).build();
    }

    /**
     * A value built once, on first use: a table's schema and its {@link DynamoDbTable} cost a container
     * nothing until the table is first used (every container builds every repository, and a schema's
     * getters and setters are lambdas, each a class linked when first run).
     */
    static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> build;
        private volatile T value;

        private Lazy(Supplier<T> build) {
            this.build = build;
        }

        @Override
        public T get() {
            T built = value;
            if (built == null) {
                synchronized (this) {
                    built = value;
                    if (built == null) {
                        built = build.get();
                        value = built;
                    }
                }
            }
            return built;
        }
    }

    /** {@code build}'s value, built on the first {@link Lazy#get()}. */
    static <T> Lazy<T> lazy(Supplier<T> build) {
        return new Lazy<>(build);
    }

    /** Starts a static immutable schema of model {@code T} built by {@code B}. */
    static <T, B> Schema<T, B> schema(Class<T> model, Class<B> builder, Supplier<B> newBuilder, Function<B, T> build) {
        return new Schema<>(StaticImmutableTableSchema.builder(model, builder).newItemBuilder(newBuilder, build));
    }

    /** A static immutable schema under construction, one attribute per stored attribute. */
    static final class Schema<T, B> {

        private final StaticImmutableTableSchema.Builder<T, B> builder;

        private Schema(StaticImmutableTableSchema.Builder<T, B> builder) {
            this.builder = builder;
        }

        /** An attribute stored as {@code converter} stores it; a null from {@code getter} is left out. */
        <R> Schema<T, B> add(String name, AttributeConverter<R> converter, Function<T, R> getter, BiConsumer<B, R> setter,
                StaticAttributeTag... tags) {
            builder.addAttribute(converter.type(), a -> a.name(name).getter(getter).setter(setter)
                    .attributeConverter(converter).tags(tags));
            return this;
        }

        /** The attributes {@code part} adds (several tables' shared attributes, such as {@link Pending#attributes}). */
        Schema<T, B> with(UnaryOperator<Schema<T, B>> part) {
            return part.apply(this);
        }

        /** A once-only step's attribute, read into the model and never written through it. */
        Schema<T, B> step(String name, BiConsumer<B, StepState> setter) {
            return add(name, STEP, item -> null, setter);
        }

        StaticImmutableTableSchema<T, B> build() {
            return builder.build();
        }
    }
}

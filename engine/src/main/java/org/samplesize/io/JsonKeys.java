package org.samplesize.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * The one key style of every JSON file samplesize writes ({@code fit.json}, {@code features.json},
 * {@code provenance.json}, the {@code bench} and {@code inspect} JSON): {@code snake_case}, the
 * style of {@code results.csv}'s columns. Parts built elsewhere in another style (the feature
 * cache's manifest, which keeps its keys because they are hashed into the cache key) are converted
 * here on the way out.
 */
public final class JsonKeys {
  private JsonKeys() {}

  /**
   * @param key a key in camelCase, with spaces or with hyphens
   * @return it in snake_case: {@code modelSha256} → {@code model_sha256}, {@code "execution
   *     provider"} → {@code execution_provider}, {@code train-fraction} → {@code train_fraction}
   */
  public static String snake(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ' ' || c == '-') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        char prev = i > 0 ? key.charAt(i - 1) : ' ';
        if (i > 0 && (Character.isLowerCase(prev) || Character.isDigit(prev))) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * @param node a JSON value whose object keys are all field names (not data, such as model ids)
   * @return a copy with every object key, at any depth, in snake_case
   */
  public static JsonNode snakeDeep(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        o.set(snake(e.getKey()), snakeDeep(e.getValue()));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      node.forEach(v -> a.add(snakeDeep(v)));
      return a;
    }
    return node.deepCopy();
  }
}

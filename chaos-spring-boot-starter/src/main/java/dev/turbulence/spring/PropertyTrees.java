package dev.turbulence.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring binds a list inside a {@code Map<String, Object>} property as a map keyed {@code 0}, {@code 1} …;
 * this turns such maps back into lists, so that a tree bound from properties reads as its YAML would.
 */
final class PropertyTrees {

    private PropertyTrees() {}

    static Object withLists(Object tree) {
        if (tree instanceof List<?> list) {
            return list.stream().map(PropertyTrees::withLists).toList();
        }
        if (!(tree instanceof Map<?, ?> map)) {
            return tree;
        }
        if (!map.isEmpty() && isIndexed(map)) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < map.size(); i++) {
                list.add(withLists(map.get(String.valueOf(i))));
            }
            return list;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), withLists(value)));
        return copy;
    }

    private static boolean isIndexed(Map<?, ?> map) {
        for (int i = 0; i < map.size(); i++) {
            if (!map.containsKey(String.valueOf(i))) {
                return false;
            }
        }
        return true;
    }
}

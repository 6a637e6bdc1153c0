package dev.turbulence.demo;

/**
 * The stock the storefront shows: {@code available} items, or {@code null} with the text "stock unknown"
 * when the inventory could not tell.
 */
public record Stock(Integer available, String text) {

    public static Stock of(int available) {
        return new Stock(available, available == 0 ? "sold out" : available + " in stock");
    }

    public static Stock unknown() {
        return new Stock(null, "stock unknown");
    }
}

MERGE INTO product (id, name, price) KEY (id) VALUES (1, 'Trail running shoes', 129.00), (2, 'Rain jacket', 89.50), (3, 'Headlamp', 34.90);

a: db 1
b: db 2
  db a < b, b > a, a == a, a != b, b - a

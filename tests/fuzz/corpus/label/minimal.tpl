size = 62 29
qr = 1 1 20
id = 22 1 20 5

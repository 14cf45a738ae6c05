size = 70 30
dpi = 201
qr = 1 2 28
id = 30 1 39 7
barcode = 30 22 39 8

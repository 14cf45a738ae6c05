#= b70
size = 70 300   #
dpi = 300
qr = 1 1 28
id = 0 1 39 7
model = 30 9 38 4
barcode = 30 22 39 71e-9

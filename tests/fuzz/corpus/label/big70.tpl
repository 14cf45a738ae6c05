# 70 x 30 mm, 300 dpi
name = big70
size = 70 30   # mm
dpi = 300
qr = 1 1 28
id = 30 1 39 7
model = 30 9 38 4
barcode = 30 22 39 7

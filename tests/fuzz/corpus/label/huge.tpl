size = 300 300
dpi = 1200
qr = 0 0 300
id = 0 0 1 1

"""Makes the small test images that are not Meta's: the same picture in other
colour modes, stored turned with an EXIF orientation, animated, truncated.
Run from this directory with Pillow: python3 make.py"""
from PIL import Image

base = Image.open("q0122.jpg").convert("RGB")

# Colour modes a phone or an app may send.
base.convert("L").save("mode-L.png")
base.convert("LA").save("mode-LA.png")
base.convert("P").save("mode-P.png")
base.convert("CMYK").save("mode-CMYK.jpg", quality=95)

# The same upright picture, its pixels stored turned and the EXIF orientation
# saying how to turn them back (1: as is; 3: 180°; 6: 90° clockwise to view; 8: 90° anticlockwise).
stored = {3: base.transpose(Image.Transpose.ROTATE_180),
          6: base.transpose(Image.Transpose.ROTATE_90),
          8: base.transpose(Image.Transpose.ROTATE_270)}
for tag, pixels in stored.items():
    exif = Image.Exif()
    exif[0x0112] = tag
    pixels.save(f"exif-{tag}.png", exif=exif.tobytes())

# An animation of two frames: the first is the picture.
second = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
base.save("animated.gif", save_all=True, append_images=[second], duration=200, loop=0)

# A JPEG cut short.
data = open("q0122.jpg", "rb").read()
open("truncated.jpg", "wb").write(data[: len(data) // 3])

# Resource object code (Python 3)
# Created by: object code
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x0f\xc0\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 480 360\x22 wid\
th=\x22480\x22 height=\
\x22360\x22>\x0a  <rect x\
=\x222\x22 y=\x222\x22 width\
=\x22476\x22 height=\x223\
56\x22 rx=\x2228\x22 fill\
=\x22#e7eef5\x22 strok\
e=\x22#c3d2e1\x22 stro\
ke-width=\x223\x22/>\x0a \
 <rect x=\x2226\x22 y=\
\x22310.0\x22 width=\x224\
28\x22 height=\x2218\x22 \
rx=\x229\x22 fill=\x22#9f\
cbbf\x22 stroke=\x22#6\
a9d90\x22 stroke-wi\
dth=\x223\x22/>\x0a  <pol\
yline points=\x2222\
9.0,174.1 273.0,\
174.1\x22 fill=\x22non\
e\x22 stroke=\x22#1f22\
27\x22 stroke-width\
=\x2212.0\x22 stroke-l\
inecap=\x22round\x22 s\
troke-linejoin=\x22\
round\x22/>\x0a  <poly\
line points=\x22229\
.0,174.1 273.0,1\
74.1\x22 fill=\x22none\
\x22 stroke=\x22#8c939\
d\x22 stroke-width=\
\x227.0\x22 stroke-lin\
ecap=\x22round\x22 str\
oke-linejoin=\x22ro\
und\x22/>\x0a  <polyli\
ne points=\x22229.0\
,186.1 229.0,162\
.1\x22 fill=\x22none\x22 \
stroke=\x22#1f2227\x22\
 stroke-width=\x221\
8.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22273.0,\
186.1 273.0,162.\
1\x22 fill=\x22none\x22 s\
troke=\x22#1f2227\x22 \
stroke-width=\x2218\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x22229.0,1\
86.1 229.0,162.1\
\x22 fill=\x22none\x22 st\
roke=\x22#8c939d\x22 s\
troke-width=\x2213.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22273.0,18\
6.1 273.0,162.1\x22\
 fill=\x22none\x22 str\
oke=\x22#8c939d\x22 st\
roke-width=\x2213.0\
\x22 stroke-linecap\
=\x22round\x22 stroke-\
linejoin=\x22round\x22\
/>\x0a  <polyline p\
oints=\x22236.0,67.\
5 243.5,121.0 25\
0.2,168.5 252.1,\
182.4\x22 fill=\x22non\
e\x22 stroke=\x22#5d87\
ad\x22 stroke-width\
=\x2220.0\x22 stroke-l\
inecap=\x22round\x22 s\
troke-linejoin=\x22\
round\x22/>\x0a  <poly\
line points=\x22236\
.0,67.5 243.5,12\
1.0 250.2,168.5 \
252.1,182.4\x22 fil\
l=\x22none\x22 stroke=\
\x22#a3c4e2\x22 stroke\
-width=\x2215.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22236.0,147.5 2\
36.0,225.5 236.0\
,299.5 263.0,299\
.5\x22 fill=\x22none\x22 \
stroke=\x22#5d87ad\x22\
 stroke-width=\x222\
4.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22236.0,\
147.5 236.0,225.\
5 236.0,299.5 26\
3.0,299.5\x22 fill=\
\x22none\x22 stroke=\x22#\
a3c4e2\x22 stroke-w\
idth=\x2219.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22228.0,152.5 228\
.0,60.5\x22 fill=\x22n\
one\x22 stroke=\x22#14\
3656\x22 stroke-wid\
th=\x2243.0\x22 stroke\
-linecap=\x22round\x22\
 stroke-linejoin\
=\x22round\x22/>\x0a  <po\
lyline points=\x222\
28.0,60.5 228.0,\
36.5\x22 fill=\x22none\
\x22 stroke=\x22#14365\
6\x22 stroke-width=\
\x2221.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <circl\
e cx=\x22228.0\x22 cy=\
\x2236.5\x22 r=\x2222.5\x22 \
fill=\x22#143656\x22/>\
\x0a  <polyline poi\
nts=\x22228.0,152.5\
 228.0,60.5\x22 fil\
l=\x22none\x22 stroke=\
\x22#2f6ea5\x22 stroke\
-width=\x2238.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22228.0,60.5 22\
8.0,36.5\x22 fill=\x22\
none\x22 stroke=\x22#2\
f6ea5\x22 stroke-wi\
dth=\x2216.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <c\
ircle cx=\x22228.0\x22\
 cy=\x2236.5\x22 r=\x2220\
.0\x22 fill=\x22#2f6ea\
5\x22/>\x0a  <polyline\
 points=\x22228.0,1\
52.5 228.0,230.5\
 228.0,304.5 255\
.0,304.5\x22 fill=\x22\
none\x22 stroke=\x22#1\
43656\x22 stroke-wi\
dth=\x2224.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <p\
olyline points=\x22\
228.0,152.5 228.\
0,230.5 228.0,30\
4.5 255.0,304.5\x22\
 fill=\x22none\x22 str\
oke=\x22#2f6ea5\x22 st\
roke-width=\x2219.0\
\x22 stroke-linecap\
=\x22round\x22 stroke-\
linejoin=\x22round\x22\
/>\x0a  <polyline p\
oints=\x22221.0,179\
.1 265.0,179.1\x22 \
fill=\x22none\x22 stro\
ke=\x22#1f2227\x22 str\
oke-width=\x2212.0\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a  <polyline po\
ints=\x22221.0,179.\
1 265.0,179.1\x22 f\
ill=\x22none\x22 strok\
e=\x22#484e57\x22 stro\
ke-width=\x227.0\x22 s\
troke-linecap=\x22r\
ound\x22 stroke-lin\
ejoin=\x22round\x22/>\x0a\
  <polyline poin\
ts=\x22221.0,191.1 \
221.0,167.1\x22 fil\
l=\x22none\x22 stroke=\
\x22#1f2227\x22 stroke\
-width=\x2218.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22265.0,191.1 2\
65.0,167.1\x22 fill\
=\x22none\x22 stroke=\x22\
#1f2227\x22 stroke-\
width=\x2218.0\x22 str\
oke-linecap=\x22rou\
nd\x22 stroke-linej\
oin=\x22round\x22/>\x0a  \
<polyline points\
=\x22221.0,191.1 22\
1.0,167.1\x22 fill=\
\x22none\x22 stroke=\x22#\
484e57\x22 stroke-w\
idth=\x2213.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22265.0,191.1 265\
.0,167.1\x22 fill=\x22\
none\x22 stroke=\x22#4\
84e57\x22 stroke-wi\
dth=\x2213.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <p\
olyline points=\x22\
228.0,72.5 235.5\
,126.0 242.2,173\
.5 244.1,187.4\x22 \
fill=\x22none\x22 stro\
ke=\x22#143656\x22 str\
oke-width=\x2220.0\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a  <polyline po\
ints=\x22228.0,72.5\
 235.5,126.0 242\
.2,173.5 244.1,1\
87.4\x22 fill=\x22none\
\x22 stroke=\x22#2f6ea\
5\x22 stroke-width=\
\x2215.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a</svg>\x0a\
\x00\x00\x09\x1a\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 480 360\x22 wid\
th=\x22480\x22 height=\
\x22360\x22>\x0a  <rect x\
=\x222\x22 y=\x222\x22 width\
=\x22476\x22 height=\x223\
56\x22 rx=\x2228\x22 fill\
=\x22#e7eef5\x22 strok\
e=\x22#c3d2e1\x22 stro\
ke-width=\x223\x22/>\x0a \
 <rect x=\x2226\x22 y=\
\x22310.0\x22 width=\x224\
28\x22 height=\x2218\x22 \
rx=\x229\x22 fill=\x22#9f\
cbbf\x22 stroke=\x22#6\
a9d90\x22 stroke-wi\
dth=\x223\x22/>\x0a  <pol\
yline points=\x2223\
7.9,141.5 258.4,\
191.4 303.0,209.\
2 315.7,215.1\x22 f\
ill=\x22none\x22 strok\
e=\x22#5d87ad\x22 stro\
ke-width=\x2220.0\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x22237.9,141.5\
 258.4,191.4 303\
.0,209.2 315.7,2\
15.1\x22 fill=\x22none\
\x22 stroke=\x22#a3c4e\
2\x22 stroke-width=\
\x2215.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <polyl\
ine points=\x22237.\
9,221.5 315.8,22\
5.9 323.9,299.5 \
350.9,299.5\x22 fil\
l=\x22none\x22 stroke=\
\x22#5d87ad\x22 stroke\
-width=\x2224.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22237.9,221.5 3\
15.8,225.9 323.9\
,299.5 350.9,299\
.5\x22 fill=\x22none\x22 \
stroke=\x22#a3c4e2\x22\
 stroke-width=\x221\
9.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22229.9,\
226.5 229.9,134.\
5\x22 fill=\x22none\x22 s\
troke=\x22#143656\x22 \
stroke-width=\x2243\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x22229.9,1\
34.5 231.2,110.5\
\x22 fill=\x22none\x22 st\
roke=\x22#143656\x22 s\
troke-width=\x2221.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <circle cx\
=\x22231.2\x22 cy=\x22110\
.5\x22 r=\x2222.5\x22 fil\
l=\x22#143656\x22/>\x0a  \
<polyline points\
=\x22229.9,226.5 22\
9.9,134.5\x22 fill=\
\x22none\x22 stroke=\x22#\
2f6ea5\x22 stroke-w\
idth=\x2238.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22229.9,134.5 231\
.2,110.5\x22 fill=\x22\
none\x22 stroke=\x22#2\
f6ea5\x22 stroke-wi\
dth=\x2216.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <c\
ircle cx=\x22231.2\x22\
 cy=\x22110.5\x22 r=\x222\
0.0\x22 fill=\x22#2f6e\
a5\x22/>\x0a  <polylin\
e points=\x22229.9,\
226.5 229.9,304.\
5 155.9,307.1 12\
9.1,309.9\x22 fill=\
\x22none\x22 stroke=\x22#\
143656\x22 stroke-w\
idth=\x2224.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22229.9,226.5 229\
.9,304.5 155.9,3\
07.1 129.1,309.9\
\x22 fill=\x22none\x22 st\
roke=\x22#2f6ea5\x22 s\
troke-width=\x2219.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22229.9,14\
6.5 250.4,196.4 \
295.0,214.2 307.\
7,220.1\x22 fill=\x22n\
one\x22 stroke=\x22#14\
3656\x22 stroke-wid\
th=\x2220.0\x22 stroke\
-linecap=\x22round\x22\
 stroke-linejoin\
=\x22round\x22/>\x0a  <po\
lyline points=\x222\
29.9,146.5 250.4\
,196.4 295.0,214\
.2 307.7,220.1\x22 \
fill=\x22none\x22 stro\
ke=\x22#2f6ea5\x22 str\
oke-width=\x2215.0\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a</svg>\x0a\
\x00\x00\x11\x0f\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 480 360\x22 wid\
th=\x22480\x22 height=\
\x22360\x22>\x0a  <rect x\
=\x222\x22 y=\x222\x22 width\
=\x22476\x22 height=\x223\
56\x22 rx=\x2228\x22 fill\
=\x22#e7eef5\x22 strok\
e=\x22#c3d2e1\x22 stro\
ke-width=\x223\x22/>\x0a \
 <rect x=\x2226\x22 y=\
\x22310.0\x22 width=\x224\
28\x22 height=\x2218\x22 \
rx=\x229\x22 fill=\x22#9f\
cbbf\x22 stroke=\x22#6\
a9d90\x22 stroke-wi\
dth=\x223\x22/>\x0a  <pol\
yline points=\x2223\
9.8,233.5 283.8,\
233.5\x22 fill=\x22non\
e\x22 stroke=\x22#1f22\
27\x22 stroke-width\
=\x2212.0\x22 stroke-l\
inecap=\x22round\x22 s\
troke-linejoin=\x22\
round\x22/>\x0a  <poly\
line points=\x22239\
.8,233.5 283.8,2\
33.5\x22 fill=\x22none\
\x22 stroke=\x22#8c939\
d\x22 stroke-width=\
\x227.0\x22 stroke-lin\
ecap=\x22round\x22 str\
oke-linejoin=\x22ro\
und\x22/>\x0a  <polyli\
ne points=\x22239.8\
,245.5 239.8,221\
.5\x22 fill=\x22none\x22 \
stroke=\x22#1f2227\x22\
 stroke-width=\x221\
8.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22283.8,\
245.5 283.8,221.\
5\x22 fill=\x22none\x22 s\
troke=\x22#1f2227\x22 \
stroke-width=\x2218\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x22239.8,2\
45.5 239.8,221.5\
\x22 fill=\x22none\x22 st\
roke=\x22#8c939d\x22 s\
troke-width=\x2213.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22283.8,24\
5.5 283.8,221.5\x22\
 fill=\x22none\x22 str\
oke=\x22#8c939d\x22 st\
roke-width=\x2213.0\
\x22 stroke-linecap\
=\x22round\x22 stroke-\
linejoin=\x22round\x22\
/>\x0a  <polyline p\
oints=\x22267.4,126\
.1 264.6,180.0 2\
62.1,227.9 261.4\
,241.9\x22 fill=\x22no\
ne\x22 stroke=\x22#5d8\
7ad\x22 stroke-widt\
h=\x2220.0\x22 stroke-\
linecap=\x22round\x22 \
stroke-linejoin=\
\x22round\x22/>\x0a  <pol\
yline points=\x2226\
7.4,126.1 264.6,\
180.0 262.1,227.\
9 261.4,241.9\x22 f\
ill=\x22none\x22 strok\
e=\x22#a3c4e2\x22 stro\
ke-width=\x2215.0\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x22196.8,163.6\
 243.7,225.9 236\
.0,299.5 263.0,2\
99.5\x22 fill=\x22none\
\x22 stroke=\x22#5d87a\
d\x22 stroke-width=\
\x2224.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <polyl\
ine points=\x22196.\
8,163.6 243.7,22\
5.9 236.0,299.5 \
263.0,299.5\x22 fil\
l=\x22none\x22 stroke=\
\x22#a3c4e2\x22 stroke\
-width=\x2219.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22188.8,168.6 2\
70.0,125.4\x22 fill\
=\x22none\x22 stroke=\x22\
#143656\x22 stroke-\
width=\x2243.0\x22 str\
oke-linecap=\x22rou\
nd\x22 stroke-linej\
oin=\x22round\x22/>\x0a  \
<polyline points\
=\x22270.0,125.4 29\
1.2,114.2\x22 fill=\
\x22none\x22 stroke=\x22#\
143656\x22 stroke-w\
idth=\x2221.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
circle cx=\x22291.2\
\x22 cy=\x22114.2\x22 r=\x22\
22.5\x22 fill=\x22#143\
656\x22/>\x0a  <polyli\
ne points=\x22188.8\
,168.6 270.0,125\
.4\x22 fill=\x22none\x22 \
stroke=\x22#2f6ea5\x22\
 stroke-width=\x223\
8.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22270.0,\
125.4 291.2,114.\
2\x22 fill=\x22none\x22 s\
troke=\x22#2f6ea5\x22 \
stroke-width=\x2216\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <circle c\
x=\x22291.2\x22 cy=\x2211\
4.2\x22 r=\x2220.0\x22 fi\
ll=\x22#2f6ea5\x22/>\x0a \
 <polyline point\
s=\x22188.8,168.6 2\
35.7,230.9 228.0\
,304.5 255.0,304\
.5\x22 fill=\x22none\x22 \
stroke=\x22#143656\x22\
 stroke-width=\x222\
4.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22188.8,\
168.6 235.7,230.\
9 228.0,304.5 25\
5.0,304.5\x22 fill=\
\x22none\x22 stroke=\x22#\
2f6ea5\x22 stroke-w\
idth=\x2219.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22231.8,238.5 275\
.8,238.5\x22 fill=\x22\
none\x22 stroke=\x22#1\
f2227\x22 stroke-wi\
dth=\x2212.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <p\
olyline points=\x22\
231.8,238.5 275.\
8,238.5\x22 fill=\x22n\
one\x22 stroke=\x22#48\
4e57\x22 stroke-wid\
th=\x227.0\x22 stroke-\
linecap=\x22round\x22 \
stroke-linejoin=\
\x22round\x22/>\x0a  <pol\
yline points=\x2223\
1.8,250.5 231.8,\
226.5\x22 fill=\x22non\
e\x22 stroke=\x22#1f22\
27\x22 stroke-width\
=\x2218.0\x22 stroke-l\
inecap=\x22round\x22 s\
troke-linejoin=\x22\
round\x22/>\x0a  <poly\
line points=\x22275\
.8,250.5 275.8,2\
26.5\x22 fill=\x22none\
\x22 stroke=\x22#1f222\
7\x22 stroke-width=\
\x2218.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <polyl\
ine points=\x22231.\
8,250.5 231.8,22\
6.5\x22 fill=\x22none\x22\
 stroke=\x22#484e57\
\x22 stroke-width=\x22\
13.0\x22 stroke-lin\
ecap=\x22round\x22 str\
oke-linejoin=\x22ro\
und\x22/>\x0a  <polyli\
ne points=\x22275.8\
,250.5 275.8,226\
.5\x22 fill=\x22none\x22 \
stroke=\x22#484e57\x22\
 stroke-width=\x221\
3.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22259.4,\
131.1 256.6,185.\
0 254.1,232.9 25\
3.4,246.9\x22 fill=\
\x22none\x22 stroke=\x22#\
143656\x22 stroke-w\
idth=\x2220.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22259.4,131.1 256\
.6,185.0 254.1,2\
32.9 253.4,246.9\
\x22 fill=\x22none\x22 st\
roke=\x22#2f6ea5\x22 s\
troke-width=\x2215.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22219.3,11\
4.1 207.2,116.4 \
195.4,120.0 184.\
0,124.8 173.2,13\
0.8 163.1,137.9\x22\
 fill=\x22none\x22 str\
oke=\x22#f08424\x22 st\
roke-width=\x225.0\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a  <polygon poi\
nts=\x22154.9,143.7\
 171.5,143.0 161\
.2,128.3\x22 fill=\x22\
#f08424\x22 stroke=\
\x22#f08424\x22 stroke\
-width=\x223.0\x22 str\
oke-linejoin=\x22ro\
und\x22/>\x0a</svg>\x0a\
\x00\x00\x0a}\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 480 360\x22 wid\
th=\x22480\x22 height=\
\x22360\x22>\x0a  <rect x\
=\x222\x22 y=\x222\x22 width\
=\x22476\x22 height=\x223\
56\x22 rx=\x2228\x22 fill\
=\x22#e7eef5\x22 strok\
e=\x22#c3d2e1\x22 stro\
ke-width=\x223\x22/>\x0a \
 <rect x=\x2226\x22 y=\
\x22310.0\x22 width=\x224\
28\x22 height=\x2218\x22 \
rx=\x229\x22 fill=\x22#9f\
cbbf\x22 stroke=\x22#6\
a9d90\x22 stroke-wi\
dth=\x223\x22/>\x0a  <pol\
yline points=\x2217\
3.7,290.0 173.7,\
236.0 173.7,188.\
0 173.7,174.0\x22 f\
ill=\x22none\x22 strok\
e=\x22#5d87ad\x22 stro\
ke-width=\x2220.0\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x22173.7,290.0\
 173.7,236.0 173\
.7,188.0 173.7,1\
74.0\x22 fill=\x22none\
\x22 stroke=\x22#a3c4e\
2\x22 stroke-width=\
\x2215.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <polyl\
ine points=\x22253.\
7,290.0 253.7,21\
2.0 327.7,212.0 \
336.9,186.6\x22 fil\
l=\x22none\x22 stroke=\
\x22#5d87ad\x22 stroke\
-width=\x2224.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22253.7,290.0 2\
53.7,212.0 327.7\
,212.0 336.9,186\
.6\x22 fill=\x22none\x22 \
stroke=\x22#a3c4e2\x22\
 stroke-width=\x221\
9.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22245.7,\
295.0 153.7,295.\
0\x22 fill=\x22none\x22 s\
troke=\x22#143656\x22 \
stroke-width=\x2243\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x22153.7,2\
95.0 129.8,292.9\
\x22 fill=\x22none\x22 st\
roke=\x22#143656\x22 s\
troke-width=\x2221.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <circle cx\
=\x22129.8\x22 cy=\x22292\
.9\x22 r=\x2222.5\x22 fil\
l=\x22#143656\x22/>\x0a  \
<polyline points\
=\x22245.7,295.0 15\
3.7,295.0\x22 fill=\
\x22none\x22 stroke=\x22#\
2f6ea5\x22 stroke-w\
idth=\x2238.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22153.7,295.0 129\
.8,292.9\x22 fill=\x22\
none\x22 stroke=\x22#2\
f6ea5\x22 stroke-wi\
dth=\x2216.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <c\
ircle cx=\x22129.8\x22\
 cy=\x22292.9\x22 r=\x222\
0.0\x22 fill=\x22#2f6e\
a5\x22/>\x0a  <polylin\
e points=\x22245.7,\
295.0 245.7,217.\
0 319.7,217.0 32\
8.9,191.6\x22 fill=\
\x22none\x22 stroke=\x22#\
143656\x22 stroke-w\
idth=\x2224.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22245.7,295.0 245\
.7,217.0 319.7,2\
17.0 328.9,191.6\
\x22 fill=\x22none\x22 st\
roke=\x22#2f6ea5\x22 s\
troke-width=\x2219.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22165.7,29\
5.0 165.7,241.0 \
165.7,193.0 165.\
7,179.0\x22 fill=\x22n\
one\x22 stroke=\x22#14\
3656\x22 stroke-wid\
th=\x2220.0\x22 stroke\
-linecap=\x22round\x22\
 stroke-linejoin\
=\x22round\x22/>\x0a  <po\
lyline points=\x221\
65.7,295.0 165.7\
,241.0 165.7,193\
.0 165.7,179.0\x22 \
fill=\x22none\x22 stro\
ke=\x22#2f6ea5\x22 str\
oke-width=\x2215.0\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a  <polyline po\
ints=\x22237.7,312.\
0 221.7,312.0 20\
5.7,312.0 189.7,\
312.0\x22 fill=\x22non\
e\x22 stroke=\x22#f084\
24\x22 stroke-width\
=\x2216.0\x22 stroke-l\
inecap=\x22round\x22 s\
troke-linejoin=\x22\
round\x22 stroke-op\
acity=\x220.35\x22/>\x0a \
 <polyline point\
s=\x22237.7,312.0 2\
21.7,312.0 205.7\
,312.0 189.7,312\
.0\x22 fill=\x22none\x22 \
stroke=\x22#f08424\x22\
 stroke-width=\x225\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a</svg>\x0a\
\x00\x00\x0b\xd8\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 480 360\x22 wid\
th=\x22480\x22 height=\
\x22360\x22>\x0a  <rect x\
=\x222\x22 y=\x222\x22 width\
=\x22476\x22 height=\x223\
56\x22 rx=\x2228\x22 fill\
=\x22#e7eef5\x22 strok\
e=\x22#c3d2e1\x22 stro\
ke-width=\x223\x22/>\x0a \
 <rect x=\x2226\x22 y=\
\x22310.0\x22 width=\x224\
28\x22 height=\x2218\x22 \
rx=\x229\x22 fill=\x22#9f\
cbbf\x22 stroke=\x22#6\
a9d90\x22 stroke-wi\
dth=\x223\x22/>\x0a  <pol\
yline points=\x2226\
4.6,146.2 284.1,\
196.6 329.8,211.\
1 342.5,217.1\x22 f\
ill=\x22none\x22 strok\
e=\x22#5d87ad\x22 stro\
ke-width=\x2220.0\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x22264.6,146.2\
 284.1,196.6 329\
.8,211.1 342.5,2\
17.1\x22 fill=\x22none\
\x22 stroke=\x22#a3c4e\
2\x22 stroke-width=\
\x2215.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <polyl\
ine points=\x22264.\
6,226.2 342.6,22\
7.9 323.9,299.5 \
350.9,299.5\x22 fil\
l=\x22none\x22 stroke=\
\x22#5d87ad\x22 stroke\
-width=\x2224.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22264.6,226.2 3\
42.6,227.9 323.9\
,299.5 350.9,299\
.5\x22 fill=\x22none\x22 \
stroke=\x22#a3c4e2\x22\
 stroke-width=\x221\
9.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22256.6,\
231.2 256.6,139.\
2\x22 fill=\x22none\x22 s\
troke=\x22#143656\x22 \
stroke-width=\x2243\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x22256.6,1\
39.2 257.8,115.2\
\x22 fill=\x22none\x22 st\
roke=\x22#143656\x22 s\
troke-width=\x2221.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <circle cx\
=\x22257.8\x22 cy=\x22115\
.2\x22 r=\x2222.5\x22 fil\
l=\x22#143656\x22/>\x0a  \
<polyline points\
=\x22256.6,231.2 25\
6.6,139.2\x22 fill=\
\x22none\x22 stroke=\x22#\
2f6ea5\x22 stroke-w\
idth=\x2238.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22256.6,139.2 257\
.8,115.2\x22 fill=\x22\
none\x22 stroke=\x22#2\
f6ea5\x22 stroke-wi\
dth=\x2216.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <c\
ircle cx=\x22257.8\x22\
 cy=\x22115.2\x22 r=\x222\
0.0\x22 fill=\x22#2f6e\
a5\x22/>\x0a  <polylin\
e points=\x22256.6,\
231.2 229.9,304.\
5 155.9,307.1 12\
9.1,309.9\x22 fill=\
\x22none\x22 stroke=\x22#\
143656\x22 stroke-w\
idth=\x2224.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22256.6,231.2 229\
.9,304.5 155.9,3\
07.1 129.1,309.9\
\x22 fill=\x22none\x22 st\
roke=\x22#2f6ea5\x22 s\
troke-width=\x2219.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22256.6,15\
1.2 276.1,201.6 \
321.8,216.1 334.\
5,222.1\x22 fill=\x22n\
one\x22 stroke=\x22#14\
3656\x22 stroke-wid\
th=\x2220.0\x22 stroke\
-linecap=\x22round\x22\
 stroke-linejoin\
=\x22round\x22/>\x0a  <po\
lyline points=\x222\
56.6,151.2 276.1\
,201.6 321.8,216\
.1 334.5,222.1\x22 \
fill=\x22none\x22 stro\
ke=\x22#2f6ea5\x22 str\
oke-width=\x2215.0\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a  <polyline po\
ints=\x22271.7,240.\
9 270.9,248.9 26\
9.6,256.7 267.4,\
264.2 264.3,271.\
4 260.2,278.2 25\
5.7,284.8\x22 fill=\
\x22none\x22 stroke=\x22#\
f08424\x22 stroke-w\
idth=\x2216.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22 strok\
e-opacity=\x220.35\x22\
/>\x0a  <polyline p\
oints=\x22271.7,240\
.9 270.9,248.9 2\
69.6,256.7 267.4\
,264.2 264.3,271\
.4 260.2,278.2 2\
55.7,284.8\x22 fill\
=\x22none\x22 stroke=\x22\
#f08424\x22 stroke-\
width=\x225.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22176.6,223.2 218\
.6,229.2\x22 fill=\x22\
none\x22 stroke=\x22#f\
08424\x22 stroke-wi\
dth=\x225.0\x22 stroke\
-linecap=\x22round\x22\
 stroke-linejoin\
=\x22round\x22/>\x0a  <po\
lygon points=\x2222\
8.5,230.6 215.9,\
219.7 213.3,237.\
5\x22 fill=\x22#f08424\
\x22 stroke=\x22#f0842\
4\x22 stroke-width=\
\x223.0\x22 stroke-lin\
ejoin=\x22round\x22/>\x0a\
</svg>\x0a\
\x00\x00\x0dI\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 480 360\x22 wid\
th=\x22480\x22 height=\
\x22360\x22>\x0a  <rect x\
=\x222\x22 y=\x222\x22 width\
=\x22476\x22 height=\x223\
56\x22 rx=\x2228\x22 fill\
=\x22#e7eef5\x22 strok\
e=\x22#c3d2e1\x22 stro\
ke-width=\x223\x22/>\x0a \
 <rect x=\x2226\x22 y=\
\x22310.0\x22 width=\x224\
28\x22 height=\x2218\x22 \
rx=\x229\x22 fill=\x22#9f\
cbbf\x22 stroke=\x22#6\
a9d90\x22 stroke-wi\
dth=\x223\x22/>\x0a  <pol\
yline points=\x2217\
3.7,290.0 173.7,\
236.0 173.7,188.\
0 173.7,174.0\x22 f\
ill=\x22none\x22 strok\
e=\x22#5d87ad\x22 stro\
ke-width=\x2220.0\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x22173.7,290.0\
 173.7,236.0 173\
.7,188.0 173.7,1\
74.0\x22 fill=\x22none\
\x22 stroke=\x22#a3c4e\
2\x22 stroke-width=\
\x2215.0\x22 stroke-li\
necap=\x22round\x22 st\
roke-linejoin=\x22r\
ound\x22/>\x0a  <polyl\
ine points=\x22253.\
7,290.0 331.2,28\
1.8 404.8,274.1 \
428.2,260.6\x22 fil\
l=\x22none\x22 stroke=\
\x22#5d87ad\x22 stroke\
-width=\x2224.0\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x22253.7,290.0 3\
31.2,281.8 404.8\
,274.1 428.2,260\
.6\x22 fill=\x22none\x22 \
stroke=\x22#a3c4e2\x22\
 stroke-width=\x221\
9.0\x22 stroke-line\
cap=\x22round\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22245.7,\
295.0 153.7,295.\
0\x22 fill=\x22none\x22 s\
troke=\x22#143656\x22 \
stroke-width=\x2243\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x22153.7,2\
95.0 129.8,292.9\
\x22 fill=\x22none\x22 st\
roke=\x22#143656\x22 s\
troke-width=\x2221.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <circle cx\
=\x22129.8\x22 cy=\x22292\
.9\x22 r=\x2222.5\x22 fil\
l=\x22#143656\x22/>\x0a  \
<polyline points\
=\x22245.7,295.0 15\
3.7,295.0\x22 fill=\
\x22none\x22 stroke=\x22#\
2f6ea5\x22 stroke-w\
idth=\x2238.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22153.7,295.0 129\
.8,292.9\x22 fill=\x22\
none\x22 stroke=\x22#2\
f6ea5\x22 stroke-wi\
dth=\x2216.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <c\
ircle cx=\x22129.8\x22\
 cy=\x22292.9\x22 r=\x222\
0.0\x22 fill=\x22#2f6e\
a5\x22/>\x0a  <polylin\
e points=\x22245.7,\
295.0 245.7,217.\
0 319.7,217.0 32\
8.9,191.6\x22 fill=\
\x22none\x22 stroke=\x22#\
143656\x22 stroke-w\
idth=\x2224.0\x22 stro\
ke-linecap=\x22roun\
d\x22 stroke-linejo\
in=\x22round\x22/>\x0a  <\
polyline points=\
\x22245.7,295.0 245\
.7,217.0 319.7,2\
17.0 328.9,191.6\
\x22 fill=\x22none\x22 st\
roke=\x22#2f6ea5\x22 s\
troke-width=\x2219.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x22165.7,29\
5.0 112.7,284.7 \
65.5,275.5 51.8,\
272.9\x22 fill=\x22non\
e\x22 stroke=\x22#1436\
56\x22 stroke-width\
=\x2220.0\x22 stroke-l\
inecap=\x22round\x22 s\
troke-linejoin=\x22\
round\x22/>\x0a  <poly\
line points=\x22165\
.7,295.0 112.7,2\
84.7 65.5,275.5 \
51.8,272.9\x22 fill\
=\x22none\x22 stroke=\x22\
#2f6ea5\x22 stroke-\
width=\x2215.0\x22 str\
oke-linecap=\x22rou\
nd\x22 stroke-linej\
oin=\x22round\x22/>\x0a  \
<polyline points\
=\x22237.7,312.0 22\
1.7,312.0 205.7,\
312.0 189.7,312.\
0\x22 fill=\x22none\x22 s\
troke=\x22#f08424\x22 \
stroke-width=\x2216\
.0\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22 stroke-opacit\
y=\x220.35\x22/>\x0a  <po\
lyline points=\x222\
37.7,312.0 221.7\
,312.0 205.7,312\
.0 189.7,312.0\x22 \
fill=\x22none\x22 stro\
ke=\x22#f08424\x22 str\
oke-width=\x225.0\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x22141.3,157.1\
 127.5,160.3 114\
.1,164.8 101.2,1\
70.7 89.0,177.9 \
77.6,186.2 67.0,\
195.7 57.5,206.1\
 49.1,217.5 41.8\
,229.7 35.9,242.\
6\x22 fill=\x22none\x22 s\
troke=\x22#f08424\x22 \
stroke-width=\x225.\
0\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polygon p\
oints=\x2231.6,251.\
6 45.7,242.7 29.\
4,235.1\x22 fill=\x22#\
f08424\x22 stroke=\x22\
#f08424\x22 stroke-\
width=\x223.0\x22 stro\
ke-linejoin=\x22rou\
nd\x22/>\x0a  <polylin\
e points=\x22337.2,\
132.8 353.2,142.\
4 368.1,153.6 38\
1.7,166.4 393.9,\
180.4 404.6,195.\
7 413.6,212.0 42\
0.9,229.1\x22 fill=\
\x22none\x22 stroke=\x22#\
f08424\x22 stroke-w\
idth=\x225.0\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22/>\x0a  <p\
olygon points=\x224\
24.8,238.3 427.6\
,221.9 411.1,229\
.0\x22 fill=\x22#f0842\
4\x22 stroke=\x22#f084\
24\x22 stroke-width\
=\x223.0\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a</svg>\x0a\
\x00\x00\x09x\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 viewBox=\x22\
0 0 64 64\x22 width\
=\x2264\x22 height=\x2264\
\x22>\x0a  <rect x=\x221\x22\
 y=\x221\x22 width=\x2262\
\x22 height=\x2262\x22 rx\
=\x2214\x22 fill=\x22#2f6\
ea5\x22/>\x0a  <polyli\
ne points=\x2235.3,\
18.6 30.1,25.2 3\
5.9,30.1 37.6,31\
.5\x22 fill=\x22none\x22 \
stroke=\x22#0f2c47\x22\
 stroke-width=\x224\
.7\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x2235.3,18\
.6 30.1,25.2 35.\
9,30.1 37.6,31.5\
\x22 fill=\x22none\x22 st\
roke=\x22#9cc3e6\x22 s\
troke-width=\x223.5\
\x22 stroke-linecap\
=\x22round\x22 stroke-\
linejoin=\x22round\x22\
/>\x0a  <polyline p\
oints=\x2232.7,30.8\
 27.0,41.7 16.0,\
45.6 15.7,49.9\x22 \
fill=\x22none\x22 stro\
ke=\x22#0f2c47\x22 str\
oke-width=\x225.7\x22 \
stroke-linecap=\x22\
round\x22 stroke-li\
nejoin=\x22round\x22/>\
\x0a  <polyline poi\
nts=\x2232.7,30.8 2\
7.0,41.7 16.0,45\
.6 15.7,49.9\x22 fi\
ll=\x22none\x22 stroke\
=\x22#9cc3e6\x22 strok\
e-width=\x224.5\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <polyline point\
s=\x2232.7,30.8 35.\
7,16.7\x22 fill=\x22no\
ne\x22 stroke=\x22#0f2\
c47\x22 stroke-widt\
h=\x2210.1\x22 stroke-\
linecap=\x22round\x22 \
stroke-linejoin=\
\x22round\x22/>\x0a  <pol\
yline points=\x2235\
.7,16.7 36.6,13.\
1\x22 fill=\x22none\x22 s\
troke=\x22#0f2c47\x22 \
stroke-width=\x224.\
9\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <circle cx\
=\x2236.6\x22 cy=\x2213.1\
\x22 r=\x225.3\x22 fill=\x22\
#0f2c47\x22/>\x0a  <po\
lyline points=\x223\
2.7,30.8 35.7,16\
.7\x22 fill=\x22none\x22 \
stroke=\x22#ffffff\x22\
 stroke-width=\x228\
.9\x22 stroke-linec\
ap=\x22round\x22 strok\
e-linejoin=\x22roun\
d\x22/>\x0a  <polyline\
 points=\x2235.7,16\
.7 36.6,13.1\x22 fi\
ll=\x22none\x22 stroke\
=\x22#ffffff\x22 strok\
e-width=\x223.8\x22 st\
roke-linecap=\x22ro\
und\x22 stroke-line\
join=\x22round\x22/>\x0a \
 <circle cx=\x2236.\
6\x22 cy=\x2213.1\x22 r=\x22\
4.7\x22 fill=\x22#ffff\
ff\x22/>\x0a  <polylin\
e points=\x2232.7,3\
0.8 42.1,38.7 37\
.7,49.5 41.7,50.\
9\x22 fill=\x22none\x22 s\
troke=\x22#0f2c47\x22 \
stroke-width=\x225.\
7\x22 stroke-lineca\
p=\x22round\x22 stroke\
-linejoin=\x22round\
\x22/>\x0a  <polyline \
points=\x2232.7,30.\
8 42.1,38.7 37.7\
,49.5 41.7,50.9\x22\
 fill=\x22none\x22 str\
oke=\x22#ffffff\x22 st\
roke-width=\x224.5\x22\
 stroke-linecap=\
\x22round\x22 stroke-l\
inejoin=\x22round\x22/\
>\x0a  <polyline po\
ints=\x2235.3,18.6 \
39.3,26.0 46.3,2\
3.2 48.3,22.4\x22 f\
ill=\x22none\x22 strok\
e=\x22#0f2c47\x22 stro\
ke-width=\x224.7\x22 s\
troke-linecap=\x22r\
ound\x22 stroke-lin\
ejoin=\x22round\x22/>\x0a\
  <polyline poin\
ts=\x2235.3,18.6 39\
.3,26.0 46.3,23.\
2 48.3,22.4\x22 fil\
l=\x22none\x22 stroke=\
\x22#ffffff\x22 stroke\
-width=\x223.5\x22 str\
oke-linecap=\x22rou\
nd\x22 stroke-linej\
oin=\x22round\x22/>\x0a  \
<polyline points\
=\x2231.0,28.3 31.5\
,26.2 31.9,24.0 \
32.4,21.9\x22 fill=\
\x22none\x22 stroke=\x22#\
f08424\x22 stroke-w\
idth=\x223.8\x22 strok\
e-linecap=\x22round\
\x22 stroke-linejoi\
n=\x22round\x22 stroke\
-opacity=\x220.35\x22/\
>\x0a  <polyline po\
ints=\x2231.0,28.3 \
31.5,26.2 31.9,2\
4.0 32.4,21.9\x22 f\
ill=\x22none\x22 strok\
e=\x22#f08424\x22 stro\
ke-width=\x221.2\x22 s\
troke-linecap=\x22r\
ound\x22 stroke-lin\
ejoin=\x22round\x22/>\x0a\
</svg>\x0a\
"

qt_resource_name = b"\
\x00\x05\
\x00o\xa6S\
\x00i\
\x00c\x00o\x00n\x00s\
\x00\x09\
\x0c\x8a\xd0\x03\
\x00e\
\x00x\x00e\x00r\x00c\x00i\x00s\x00e\x00s\
\x00\x1b\
\x0d\x00\x88\x87\
\x00d\
\x00u\x00m\x00b\x00b\x00e\x00l\x00l\x00-\x00d\x00e\x00a\x00d\x00l\x00i\x00f\x00t\
\x00-\x00s\x00t\x00a\x00n\x00d\x00.\x00s\x00v\x00g\
\x00\x13\
\x0f\xb6\xcb\xc7\
\x00l\
\x00o\x00w\x00-\x00l\x00u\x00n\x00g\x00e\x00-\x00k\x00n\x00e\x00e\x00l\x00.\x00s\
\x00v\x00g\
\x00\x1b\
\x09\x93a\xc7\
\x00d\
\x00u\x00m\x00b\x00b\x00e\x00l\x00l\x00-\x00d\x00e\x00a\x00d\x00l\x00i\x00f\x00t\
\x00-\x00h\x00i\x00n\x00g\x00e\x00.\x00s\x00v\x00g\
\x00\x12\
\x01v\x13G\
\x00d\
\x00e\x00a\x00d\x00-\x00b\x00u\x00g\x00-\x00s\x00t\x00a\x00r\x00t\x00.\x00s\x00v\
\x00g\
\x00\x15\
\x03\x03\xa3G\
\x00l\
\x00o\x00w\x00-\x00l\x00u\x00n\x00g\x00e\x00-\x00s\x00t\x00r\x00e\x00t\x00c\x00h\
\x00.\x00s\x00v\x00g\
\x00\x12\
\x0ez\x17g\
\x00d\
\x00e\x00a\x00d\x00-\x00b\x00u\x00g\x00-\x00r\x00e\x00a\x00c\x00h\x00.\x00s\x00v\
\x00g\
\x00\x0d\
\x07oo\xc7\
\x00b\
\x00a\x00c\x00k\x00c\x00o\x00a\x00c\x00h\x00.\x00s\x00v\x00g\
"

qt_resource_struct = b"\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x01\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x09\
\x00\x00\x00\x10\x00\x02\x00\x00\x00\x06\x00\x00\x00\x03\
\x00\x00\x00\xcc\x00\x00\x00\x00\x00\x01\x00\x00)\xf5\
\x00\x00\x00\xf6\x00\x00\x00\x00\x00\x01\x00\x004v\
\x00\x00\x00\x90\x00\x00\x00\x00\x00\x01\x00\x00\x18\xe2\
\x00\x00\x00(\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\
\x00\x00\x01&\x00\x00\x00\x00\x00\x01\x00\x00@R\
\x00\x00\x00d\x00\x00\x00\x00\x00\x01\x00\x00\x0f\xc4\
\x00\x00\x01P\x00\x00\x00\x00\x00\x01\x00\x00M\x9f\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()

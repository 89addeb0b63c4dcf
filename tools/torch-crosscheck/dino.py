import sys, time, math, argparse, copy, os
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import torchvision.transforms as T
p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int, default=10); p.add_argument('--opt', default='sgd')
p.add_argument('--lr', type=float, default=0.03); p.add_argument('--wd', type=float, default=1e-4); p.add_argument('--wd_end', type=float, default=None)
p.add_argument('--batch', type=int, default=128); p.add_argument('--gscale', type=float, default=0.4); p.add_argument('--lscale', type=float, default=0.4)
p.add_argument('--width', type=int, default=16); p.add_argument('--K', type=int, default=1024); p.add_argument('--bn', type=int, default=1)
p.add_argument('--hidden', type=int, default=512); p.add_argument('--bottleneck', type=int, default=128)
p.add_argument('--locals', type=int, default=2); p.add_argument('--lsize', type=int, default=16)
p.add_argument('--tt0', type=float, default=0.04); p.add_argument('--tt', type=float, default=0.07); p.add_argument('--ttfrac', type=float, default=0.3)
p.add_argument('--mom', type=float, default=0.996); p.add_argument('--mom_end', type=float, default=1.0); p.add_argument('--blur', type=int, default=1); p.add_argument('--normlast', type=int, default=1)
p.add_argument('--zir', type=int, default=0); p.add_argument('--nesterov', type=int, default=0); p.add_argument('--dwd', type=float, default=0); p.add_argument('--seed', type=int, default=42); p.add_argument('--data', default='data/shapes')
a = p.parse_args(); a.wd_end = a.wd if a.wd_end is None else a.wd_end
torch.set_num_threads(int(os.environ.get("T","2"))); torch.manual_seed(a.seed); np.random.seed(a.seed)
def load(n, k): return torch.from_numpy(np.fromfile(f'{a.data}/{n}_x.f32', dtype=np.float32).reshape(k,3,32,32)), torch.tensor([int(l) for l in open(f'{a.data}/{n}_y.txt')])
xtr, ytr = load('train', int(__import__('os').environ.get('N','4000'))); xte, yte = load('test', 1000)
cj = [T.RandomHorizontalFlip(), T.RandomApply([T.ColorJitter(0.4,0.4,0.2,0.1)], p=0.8), T.RandomGrayscale(0.2)]
blur = lambda pr, size: [T.RandomApply([T.GaussianBlur(3 if size<=32 else 5, sigma=(0.1*size/224, 2.0*size/224))], p=pr)] if a.blur else []
g1 = T.Compose([T.RandomResizedCrop(32, scale=(a.gscale,1))] + cj + blur(1.0, 32))
g2 = T.Compose([T.RandomResizedCrop(32, scale=(a.gscale,1))] + cj + blur(0.1, 32) + ([T.RandomSolarize(0.5, p=0.2)] if a.blur else []))
lo = T.Compose([T.RandomResizedCrop(a.lsize, scale=(0.05,a.lscale))] + cj + blur(0.5, 96))
def bb(cin, cout, s):
    return nn.ModuleDict(dict(c1=nn.Conv2d(cin,cout,3,s,1,bias=False), b1=nn.BatchNorm2d(cout), c2=nn.Conv2d(cout,cout,3,1,1,bias=False), b2=nn.BatchNorm2d(cout),
        sc=nn.Sequential(nn.Conv2d(cin,cout,1,s,bias=False), nn.BatchNorm2d(cout)) if (s!=1 or cin!=cout) else nn.Identity()))
class Net(nn.Module):
    def __init__(s, w):
        super().__init__(); s.stem = nn.Sequential(nn.Conv2d(3,w,3,1,1,bias=False), nn.BatchNorm2d(w), nn.ReLU())
        s.blocks = nn.ModuleList([bb(w,w,1), bb(w,2*w,2), bb(2*w,4*w,2)]); s.dim = 4*w
        for m in s.modules():
            if isinstance(m, nn.Conv2d): nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
        if a.zir:
            for b in s.blocks: nn.init.zeros_(b['b2'].weight)
    def forward(s, x):
        x = s.stem(x)
        for b in s.blocks: x = F.relu(b['b2'](b['c2'](F.relu(b['b1'](b['c1'](x))))) + b['sc'](x))
        return x.mean((2,3))
class Head(nn.Module):
    def __init__(s, d):
        super().__init__(); L = []
        dims = [d, a.hidden, a.hidden]
        for i in range(2): L += [nn.Linear(dims[i], dims[i+1])] + ([nn.BatchNorm1d(dims[i+1])] if a.bn else []) + [nn.GELU()]
        L += [nn.Linear(a.hidden, a.bottleneck)]; s.mlp = nn.Sequential(*L)
        for m in s.mlp:
            if isinstance(m, nn.Linear): nn.init.trunc_normal_(m.weight, std=.02); nn.init.zeros_(m.bias)
        s.last = nn.utils.weight_norm(nn.Linear(a.bottleneck, a.K, bias=False)); s.last.weight_g.data.fill_(1)
        if a.normlast: s.last.weight_g.requires_grad = False
    def forward(s, x): return s.last(F.normalize(s.mlp(x), dim=-1))
class Model(nn.Module):
    def __init__(s): super().__init__(); s.net = Net(a.width); s.head = Head(s.net.dim)
    def forward(s, x): return s.head(s.net(x))
student = Model(); teacher = Model(); teacher.load_state_dict(student.state_dict())
for q in teacher.parameters(): q.requires_grad = False
params = [q for q in student.parameters() if q.requires_grad]
reg = [q for n, q in student.named_parameters() if q.requires_grad and not n.endswith('bias') and q.ndim > 1]
noreg = [q for n, q in student.named_parameters() if q.requires_grad and (n.endswith('bias') or q.ndim <= 1)]
groups = [dict(params=reg), dict(params=noreg, weight_decay=0.)]
opt = torch.optim.SGD(groups, lr=a.lr, momentum=0.9, nesterov=bool(a.nesterov)) if a.opt == 'sgd' else torch.optim.AdamW(groups, lr=a.lr)
center = torch.zeros(1, a.K)
@torch.no_grad()
def knn(m=None):
    m = m or teacher
    m.eval(); f = lambda x: F.normalize(torch.cat([m.net(x[i:i+256]) for i in range(0,len(x),256)]), dim=1)
    ftr, fte = f(xtr), f(xte); sim = fte @ ftr.T; w, idx = sim.topk(20, dim=1); w = (w/0.07).exp()
    votes = torch.zeros(len(xte), 10).scatter_add_(1, ytr[idx], w); m.train()
    return (votes.argmax(1) == yte).float().mean().item()*100
print('init knn', knn(), flush=True)
spe = len(xtr) // a.batch; total = spe*a.epochs; step = 0; t0 = time.time()
cos = lambda s, e, i, n: e + (s - e) * 0.5 * (1 + math.cos(math.pi * i / n))
for ep in range(a.epochs):
    perm = torch.randperm(len(xtr)); losses = []; ents = []
    for it in range(spe):
        idx = perm[it*a.batch:(it+1)*a.batch]; x = xtr[idx]; n = len(x)
        G = torch.cat([torch.stack([g1(im) for im in x]), torch.stack([g2(im) for im in x])])
        Ls = [torch.stack([lo(im) for im in x]) for _ in range(a.locals)]
        lr = a.lr*step/spe if step < spe else cos(a.lr, 1e-6, step-spe, total-spe)
        wd = cos(a.wd, a.wd_end, step, total)
        opt.param_groups[0]['lr'] = lr; opt.param_groups[1]['lr'] = lr; opt.param_groups[0]['weight_decay'] = wd
        tt = a.tt0 + (a.tt - a.tt0) * min(1, step / (a.ttfrac * total)) if a.ttfrac > 0 else a.tt
        with torch.no_grad():
            t = teacher(G); tp = F.softmax((t - center) / tt, dim=-1).chunk(2)
        s = [student(G)] + ([student(torch.cat(Ls))] if a.locals else [])
        s = torch.cat(s) / 0.1; sl = F.log_softmax(s, dim=-1).chunk(2 + a.locals)
        loss = 0; nt = 0
        for i in range(2):
            for j in range(len(sl)):
                if i == j: continue
                loss = loss + (-tp[i] * sl[j]).sum(-1).mean(); nt += 1
        loss = loss / nt
        opt.zero_grad(); loss.backward()
        for q in params:
            if q.grad is not None:
                nrm = q.grad.norm(); 
                if nrm > 3.0: q.grad.mul_(3.0 / (nrm + 1e-6))
        if ep == 0:
            for nme, q in student.named_parameters():
                if 'last' in nme: q.grad = None
        opt.step()
        if a.dwd:
            with torch.no_grad():
                for q in reg: q.mul_(1 - lr * a.dwd)
        with torch.no_grad():
            m = cos(a.mom, a.mom_end, step, total)
            for ps, pt in zip(student.parameters(), teacher.parameters()): pt.mul_(m).add_((1-m)*ps.detach())
            center = center*0.9 + 0.1*t.mean(0, keepdim=True)
            ent = -(tp[0]*torch.log(tp[0]+1e-12)).sum(-1).mean().item()
        step += 1; losses.append(loss.item()); ents.append(ent)
    msg = f'epoch {ep} loss {np.mean(losses):.3f} tent {np.mean(ents):.2f}/{math.log(a.K):.2f} t {time.time()-t0:.0f}s'
    if ep % 2 == 1 or ep == a.epochs-1: msg += f' knn {knn():.1f} student {knn(student):.1f}'
    print(msg, flush=True)

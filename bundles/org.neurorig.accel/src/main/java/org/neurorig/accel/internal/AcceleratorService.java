package org.neurorig.accel.internal;

import java.util.List;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.Accelerator;
import org.neurorig.accel.KernelChoice;
import org.neurorig.accel.KernelRun;
import org.neurorig.accel.LocalAccelerator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link Accelerator} service. Delayed: devices are discovered and the kernel compiled only
 * when a model or benchmark first asks for it, not on every start of the distribution.
 */
@Designate(ocd = AcceleratorConfig.class)
@Component(configurationPid = "accel", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Accelerator.class)
public final class AcceleratorService implements Accelerator {
    private LocalAccelerator accel;

    @Activate
    void activate(AcceleratorConfig c) {
        accel = LocalAccelerator.open(c.device(), c.threads());
    }

    @Deactivate
    void deactivate() {
        accel.close();
    }

    @Override
    public AccelDevice device() {
        return accel.device();
    }

    @Override
    public List<AccelDevice> devices() {
        return accel.devices();
    }

    @Override
    public Accelerator on(AccelDevice device) {
        return accel.on(device);
    }

    @Override
    public Accelerator using(KernelChoice kernel) {
        return accel.using(kernel);
    }

    @Override
    public KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c) {
        return accel.transposeProduct(a, rows, p, b, n, c);
    }

    @Override
    public KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c) {
        return accel.product(a, rows, p, w, n, c);
    }
}
